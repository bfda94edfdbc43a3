"""Keeps the search indexes (full-text and facets) in step with the offers table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from models.offers.criteria import Facet
from models.offers.tables import Offer, OfferStatus
from models.search import facet_index as facets
from models.search.facet_index import IndexedOffer
from models.search.fulltext import index_offer_text, unindex_offer_text

__all__ = [
    "changed_offers_since",
    "indexed",
    "load_published_offers",
    "offer_added",
    "offer_withdrawn",
]

_COLUMNS = (
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
    )


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


async def load_published_offers() -> list[IndexedOffer]:
    rows = await Offer.filter(status=OfferStatus.PUBLISHED).values(*_COLUMNS)
    return [indexed(row) for row in rows]


async def changed_offers_since(
    moment: datetime | None,
) -> tuple[list[IndexedOffer], list[int]]:
    """Offers changed since `moment`: those now published, and the publication numbers of
    those no longer published."""
    changed = Offer.filter(seq__not_isnull=True)
    if moment is not None:
        changed = changed.filter(updated_at__gte=moment)
    rows = await changed.values(*_COLUMNS, "status")
    published = [indexed(r) for r in rows if r["status"] == OfferStatus.PUBLISHED]
    withdrawn = [int(r["seq"]) for r in rows if r["status"] != OfferStatus.PUBLISHED]
    return published, withdrawn


async def offer_added(offers: Iterable[Offer]) -> None:
    """To call, inside the publishing transaction, for offers that just became published."""
    chosen = [o for o in offers if o.seq is not None]
    await index_offer_text([(o.seq, o.search_title, o.search_body) for o in chosen])  # type: ignore[misc]


def publish_to_facet_index(offers: Iterable[Offer]) -> None:
    """To call after the transaction commits: this process's facet index learns the offers."""
    index = facets.loaded_facet_index()
    if index is None:
        return
    index.add(indexed({c: getattr(o, c) for c in _COLUMNS}) for o in offers if o.seq is not None)


async def offer_withdrawn(offers: Iterable[Offer]) -> None:
    chosen = [o.seq for o in offers if o.seq is not None]
    await unindex_offer_text(chosen)
    index = facets.loaded_facet_index()
    if index is not None:
        index.remove(chosen)
