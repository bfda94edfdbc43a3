"""Search criteria as a result: the one definition behind `OfferCriteria` (a relaxed search)
and `SavedCriteria` (a saved search), so that a new criterion is added here once.

Both mirror the input `OfferFilter` field for field and can be sent back as a `filter`; they
differ only in their places (`near`), which a saved search also names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Self, TypeVar

import strawberry

from models.search import SearchCriteria
from schema.offers.types import OfferType

__all__ = ["CriteriaMirror"]

NearT = TypeVar("NearT")


@strawberry.type
class CriteriaMirror(Generic[NearT]):
    """Never in the schema itself: each GraphQL type subclasses it with its kind of place."""

    types: list[OfferType] = strawberry.field(
        description="Kinds of offer, any of them (empty: every kind)."
    )
    keywords: str | None = strawberry.field(
        description="The words searched, spaces tidied; null without keywords."
    )
    diploma_level: str | None = strawberry.field(
        description="A code of `diplomaLevels` (offers of exactly that level); null for any level."
    )
    domains: list[str] = strawberry.field(
        description="Codes of `domains`, any of them (empty: every domain), sorted."
    )
    administrations: list[str] = strawberry.field(
        description="Codes of `administrations`, any of them (empty: every administration), sorted."
    )
    regions: list[str] = strawberry.field(
        description="Codes of `regions`, any of them (empty: everywhere), sorted."
    )
    departments: list[str] = strawberry.field(
        description="Codes of `departments`, any of them (empty: everywhere), sorted."
    )
    countries: list[str] = strawberry.field(
        description="Codes of `countries` (ISO 3166-1 alpha-2), any of them (empty: every "
        "country), sorted."
    )
    # Each subclass gives its places their GraphQL type and description.
    near: list[NearT]
    published_since: datetime | None = strawberry.field(
        description="Offers published at or after this instant (UTC); null: no such limit "
        "(always null in a saved search, which refuses it)."
    )
    updated_since: datetime | None = strawberry.field(
        description="Offers published or updated at or after this instant (UTC); null: no such "
        "limit (always null in a saved search, which refuses it)."
    )

    @classmethod
    def of(cls, criteria: SearchCriteria, near: list[NearT]) -> Self:
        """The criteria as the API shows them, with their places already in the subclass's
        kind; sets are sorted so that equal criteria always read the same."""
        return cls(
            types=[OfferType(t.value) for t in sorted(criteria.types)],
            keywords=criteria.keywords or None,
            diploma_level=criteria.diploma_level,
            domains=sorted(criteria.domains),
            administrations=sorted(criteria.administrations),
            regions=sorted(criteria.regions),
            departments=sorted(criteria.departments),
            countries=sorted(criteria.countries),
            near=near,
            published_since=criteria.published_since,
            updated_since=criteria.updated_since,
        )
