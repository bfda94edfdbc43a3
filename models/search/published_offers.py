"""The published offers as the facet index holds them, read from the offers table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from models.offers.tables import Offer, OfferStatus
from models.search.criteria import Facet

__all__ = ["COLUMNS", "IndexedOffer", "changed_offers_since", "indexed", "load_published_offers"]


@dataclass(frozen=True, slots=True)
class IndexedOffer:
    seq: int
    offer_id: int
    values: dict[Facet, str | None]
    expires_on: date | None
    # The offer's last change: the same offer seen again unchanged (the catch-up's margin) is
    # not a change of the index, and keeps the caches derived from it.
    updated_at: datetime | None = None


COLUMNS = (
    "id",
    "seq",
    "type",
    "diploma_level",
    "domain_id",
    "administration_id",
    "region_code",
    "department_code",
    "country_code",
    "expires_on",
    "updated_at",
)


def indexed(row: dict[str, object]) -> IndexedOffer:
    country = row["country_code"]
    return IndexedOffer(
        seq=int(row["seq"]),  # type: ignore[call-overload]
        offer_id=int(row["id"]),  # type: ignore[call-overload]
        values={
            Facet.TYPES: str(row["type"]),
            Facet.DIPLOMA_LEVELS: _text(row["diploma_level"]),
            Facet.DOMAINS: _text(row["domain_id"]),
            Facet.ADMINISTRATIONS: _text(row["administration_id"]),
            Facet.REGIONS: _text(row["region_code"]),
            Facet.DEPARTMENTS: _text(row["department_code"]),
            Facet.COUNTRIES: _text(country),
        },
        expires_on=row["expires_on"],  # type: ignore[arg-type]
        updated_at=row.get("updated_at"),  # type: ignore[arg-type]
    )


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


async def load_published_offers() -> list[IndexedOffer]:
    rows = await Offer.filter(status=OfferStatus.PUBLISHED).values(*COLUMNS)
    return [indexed(row) for row in rows]


async def changed_offers_since(
    moment: datetime | None,
) -> tuple[list[IndexedOffer], list[int]]:
    """Offers changed since `moment`: those now published, and the publication numbers of
    those no longer published."""
    changed = Offer.filter(seq__not_isnull=True)
    if moment is not None:
        changed = changed.filter(updated_at__gte=moment)
    rows = await changed.values(*COLUMNS, "status")
    published = [indexed(r) for r in rows if r["status"] == OfferStatus.PUBLISHED]
    withdrawn = [int(r["seq"]) for r in rows if r["status"] != OfferStatus.PUBLISHED]
    return published, withdrawn
