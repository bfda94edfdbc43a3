"""Communes for a « Lieu » field's autocomplete: `places(prefix, first)`."""

from __future__ import annotations

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
    name: str
    postal_codes: list[str]
    department: CodeLabel
    region: CodeLabel
    latitude: float
    longitude: float


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
    async def places(self, prefix: str, first: int = 10) -> list[Place]:
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
