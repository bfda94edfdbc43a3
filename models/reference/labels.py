"""Every facet's vocabulary (code -> French label) in one object, loaded once per process.

Types, diploma levels and geography are fixed in code; domains and administrations are database
tables. Reading them once keeps validation and facet labels off the database on every search.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from models.reference import geography
from models.reference.catalogue import DIPLOMA_LEVELS, OfferType
from models.reference.tables import Administration, Domain

__all__ = ["Vocabulary", "forget_vocabulary", "vocabulary"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    types: Mapping[str, str]
    diploma_levels: Mapping[str, str]
    domains: Mapping[str, str]
    administrations: Mapping[str, str]
    regions: Mapping[str, str]
    departments: Mapping[str, str]
    countries: Mapping[str, str]

    def of(self, facet: str) -> Mapping[str, str]:
        value: Mapping[str, str] = getattr(self, facet)
        return value


_cached: Vocabulary | None = None
_lock = asyncio.Lock()


async def vocabulary() -> Vocabulary:
    global _cached
    if _cached is not None:
        return _cached
    async with _lock:
        if _cached is None:
            domains = await Domain.all().order_by("label").values_list("code", "label")
            admins = await Administration.all().order_by("label").values_list("code", "label")
            _cached = Vocabulary(
                types={t.value: t.label for t in OfferType},
                diploma_levels={d.code: d.label for d in DIPLOMA_LEVELS},
                domains=dict(domains),
                administrations=dict(admins),
                regions={r.code: r.name for r in geography.regions()},
                departments={d.code: f"{d.code} - {d.name}" for d in geography.departments()},
                countries={c.code: c.name for c in geography.countries()},
            )
        return _cached


def forget_vocabulary() -> None:
    """Drops the cached vocabulary: after a reference table changed, or another database."""
    global _cached
    _cached = None
