"""Keeps the search indexes (full-text and facets) in step with the offers table."""

from __future__ import annotations

from collections.abc import Iterable

from models.offers.tables import Offer
from models.search.facet_index import loaded_facet_index
from models.search.fulltext import index_offer_text, offer_terms_in_database, unindex_offer_text
from models.search.published_offers import COLUMNS, indexed, offer_terms

__all__ = ["offer_added", "offer_withdrawn", "publish_to_facet_index"]

# PostgreSQL's terms of offers just written, read inside their transaction, until it commits
# and the facet index learns them (a rolled-back publication leaves a few here: bounded).
_pending_terms: dict[int, tuple[frozenset[str], ...]] = {}
_PENDING_MAX = 100_000


async def offer_added(offers: Iterable[Offer]) -> None:
    """To call, inside the publishing transaction, for offers that just became published."""
    chosen = [o for o in offers if o.seq is not None]
    await index_offer_text([(o.seq, o.search_title, o.search_body) for o in chosen])  # type: ignore[misc]
    found = await offer_terms_in_database([o.seq for o in chosen if o.seq is not None])
    if found:
        if len(_pending_terms) + len(found) > _PENDING_MAX:
            _pending_terms.clear()
        _pending_terms.update(found)


def publish_to_facet_index(offers: Iterable[Offer]) -> None:
    """To call after the transaction commits: this process's facet index learns the offers,
    with the full-text engine's terms of each."""
    chosen = [o for o in offers if o.seq is not None]
    terms = {o.seq: _pending_terms.pop(o.seq, None) for o in chosen if o.seq is not None}
    index = loaded_facet_index()
    if index is None:
        return
    index.add(
        indexed(
            {c: getattr(o, c) for c in COLUMNS},
            *(terms[o.seq] or offer_terms(o.search_title, o.search_body)),  # type: ignore[index]
        )
        for o in chosen
    )


async def offer_withdrawn(offers: Iterable[Offer]) -> None:
    chosen = [o.seq for o in offers if o.seq is not None]
    await unindex_offer_text(chosen)
    index = loaded_facet_index()
    if index is not None:
        index.remove(chosen)
