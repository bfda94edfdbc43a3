"""Keeps the search indexes (full-text and facets) in step with the offers table."""

from __future__ import annotations

from collections.abc import Iterable

from models.offers.tables import Offer
from models.search.facet_index import loaded_facet_index
from models.search.fulltext import index_offer_text, unindex_offer_text
from models.search.published_offers import COLUMNS, indexed

__all__ = ["offer_added", "offer_withdrawn", "publish_to_facet_index"]


async def offer_added(offers: Iterable[Offer]) -> None:
    """To call, inside the publishing transaction, for offers that just became published."""
    chosen = [o for o in offers if o.seq is not None]
    await index_offer_text([(o.seq, o.search_title, o.search_body) for o in chosen])  # type: ignore[misc]


def publish_to_facet_index(offers: Iterable[Offer]) -> None:
    """To call after the transaction commits: this process's facet index learns the offers."""
    index = loaded_facet_index()
    if index is None:
        return
    index.add(indexed({c: getattr(o, c) for c in COLUMNS}) for o in offers if o.seq is not None)


async def offer_withdrawn(offers: Iterable[Offer]) -> None:
    chosen = [o.seq for o in offers if o.seq is not None]
    await unindex_offer_text(chosen)
    index = loaded_facet_index()
    if index is not None:
        index.remove(chosen)
