"""Communes for a « Lieu » field's autocomplete: `places(prefix, first)`."""

from __future__ import annotations

from typing import Annotated

import anyio
import strawberry

from models.reference import (
    MAX_PLACE_TEXT,
    MAX_PLACES,
    Commune,
    Vocabulary,
    find_places,
    vocabulary,
)
from schema.errors import bad_request
from schema.reference.types import CodeLabel

__all__ = ["Place", "PlaceQuery"]


@strawberry.type(description="A French commune (Code officiel géographique), with its position.")
class Place:
    code: str = strawberry.field(description="INSEE code: « 67482 », « 2A004 ».")
    name: str = strawberry.field(description="Its official name (« Saint-Étienne »).")
    postal_codes: list[str] = strawberry.field(
        description="Its postal codes (five digits each; several for a large city)."
    )
    department: CodeLabel = strawberry.field(
        description="Its department: the code of `departments` (« 42 ») and its name."
    )
    region: CodeLabel = strawberry.field(
        description="Its region: the code of `regions` (« ARA ») and its name."
    )
    latitude: float = strawberry.field(
        description="Latitude of its reference point (usually its town hall), in decimal "
        "degrees (WGS 84); distances in km are measured from it."
    )
    longitude: float = strawberry.field(
        description="Longitude of its reference point, in decimal degrees (WGS 84)."
    )


def _place(commune: Commune, words: Vocabulary) -> Place:
    return Place(
        code=commune.code,
        name=commune.name,
        postal_codes=list(commune.postal_codes),
        department=CodeLabel(
            code=commune.department_code, label=words.departments[commune.department_code]
        ),
        region=CodeLabel(code=commune.region_code, label=words.regions[commune.region_code]),
        latitude=commune.latitude,
        longitude=commune.longitude,
    )


@strawberry.type
class PlaceQuery:
    @strawberry.field(
        description="Communes whose name (accents, case and hyphens ignored; « St » for "
        "« Saint »), INSEE code or postal code starts with `prefix`, the most populous first. "
        f"`prefix` has at most {MAX_PLACE_TEXT} characters (empty: no place); `first` is "
        f"1 to {MAX_PLACES}."
    )
    async def places(
        self,
        prefix: Annotated[
            str,
            strawberry.argument(
                description=f"The start of a commune's name, INSEE code or postal code "
                f"(« st etienne », « 42218 », « 420 »); at most {MAX_PLACE_TEXT} characters, "
                "beyond which the query answers a PREFIX_TOO_LONG error."
            ),
        ],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many communes at most, from 1 to {MAX_PLACES}; outside, an "
                "INVALID_FIRST error."
            ),
        ] = 10,
    ) -> list[Place]:
        if len(prefix) > MAX_PLACE_TEXT:
            message = f"Le lieu cherché ne peut dépasser {MAX_PLACE_TEXT} caractères."
            raise bad_request(message, "PREFIX_TOO_LONG", "prefix")
        if not 1 <= first <= MAX_PLACES:
            message = f"first doit être entre 1 et {MAX_PLACES}."
            raise bad_request(message, "INVALID_FIRST", "first")
        words = await vocabulary()
        # The first search of a process reads the 35,000 communes (~0.5 s): not on the loop.
        found = await anyio.to_thread.run_sync(find_places, prefix, first)
        return [_place(c, words) for c in found]
