"""Reference-data queries: the values a filter may use."""

from __future__ import annotations

import strawberry

from models.reference import vocabulary
from schema.reference.types import CodeLabel

__all__ = ["ReferenceQuery"]


async def _values(facet: str) -> list[CodeLabel]:
    words = await vocabulary()
    return [CodeLabel(code=c, label=label) for c, label in words.of(facet).items()]


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="Diploma levels of the French nomenclature (niveau 3 to 8).")
    async def diploma_levels(self) -> list[CodeLabel]:
        return await _values("diploma_levels")

    @strawberry.field(description="Activity domains.")
    async def domains(self) -> list[CodeLabel]:
        return await _values("domains")

    @strawberry.field(description="Administrations (ministries) offers belong to.")
    async def administrations(self) -> list[CodeLabel]:
        return await _values("administrations")

    @strawberry.field(
        description="The 18 French regions of the Code officiel géographique, by their ISO "
        "3166-2 codes without « FR- » (« IDF », « GES », « 971 »)."
    )
    async def regions(self) -> list[CodeLabel]:
        return await _values("regions")

    @strawberry.field(description="The 101 French departments (their official numbers).")
    async def departments(self) -> list[CodeLabel]:
        return await _values("departments")

    @strawberry.field(description="Countries (ISO 3166-1 alpha-2), for stages abroad.")
    async def countries(self) -> list[CodeLabel]:
        return await _values("countries")
