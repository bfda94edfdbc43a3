"""An in-memory index of the published offers' facet values, as roaring bitmaps.

Derived data: the database is the source of truth; each process builds this at its first search
and keeps it current as offers are published or withdrawn. One bitmap per facet value holds
the publication numbers (`seq`) of the offers that carry it, so a search with its disjunctive
facet counts is a handful of bitmap intersections instead of one SQL GROUP BY per facet.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pyroaring import BitMap

from models.offers.criteria import FACETS, Facet
from models.search.fulltext import KeywordHits

__all__ = ["FacetIndex", "IndexedOffer", "facet_index", "forget_facet_index"]


@dataclass(frozen=True, slots=True)
class IndexedOffer:
    seq: int
    offer_id: int
    values: dict[Facet, str | None]
    expires_on: date | None


class FacetIndex:
    def __init__(self) -> None:
        self.bitmaps: dict[Facet, defaultdict[str, BitMap]] = {
            f: defaultdict(BitMap) for f in FACETS
        }
        self.published = BitMap()
        self.offer_ids: dict[int, int] = {}
        self._values: dict[int, dict[Facet, str | None]] = {}
        self._expiry: dict[int, date] = {}
        self._live: BitMap | None = None
        self._live_on: date | None = None
        # Keyword hits of recent searches; they hold for this index's contents only.
        self.keyword_cache: OrderedDict[str, KeywordHits] = OrderedDict()

    def add(self, offers: Iterable[IndexedOffer]) -> None:
        for offer in offers:
            if offer.seq in self.published:
                self._discard(offer.seq)
            self.published.add(offer.seq)
            self.offer_ids[offer.seq] = offer.offer_id
            self._values[offer.seq] = offer.values
            for facet, value in offer.values.items():
                if value is not None:
                    self.bitmaps[facet][value].add(offer.seq)
            if offer.expires_on is not None:
                self._expiry[offer.seq] = offer.expires_on
        self._changed()

    def remove(self, seqs: Iterable[int]) -> None:
        for seq in seqs:
            self._discard(seq)
        self._changed()

    def _discard(self, seq: int) -> None:
        self.published.discard(seq)
        self.offer_ids.pop(seq, None)
        self._expiry.pop(seq, None)
        for facet, value in self._values.pop(seq, {}).items():
            if value is not None:
                self.bitmaps[facet][value].discard(seq)

    def _changed(self) -> None:
        self._live = None
        self.keyword_cache.clear()

    def live(self, today: date) -> BitMap:
        """Published offers whose end date has not passed."""
        if self._live is None or self._live_on != today:
            expired = BitMap(seq for seq, end in self._expiry.items() if end < today)
            self._live = self.published - expired
            self._live_on = today
        return self._live


_index: FacetIndex | None = None
_lock = asyncio.Lock()


async def facet_index() -> FacetIndex:
    """This process's index, built from the database on first use."""
    global _index
    if _index is not None:
        return _index
    async with _lock:
        if _index is None:
            from models.offers.indexing import load_published_offers

            index = FacetIndex()
            index.add(await load_published_offers())
            _index = index
        return _index


def forget_facet_index() -> None:
    """Drops the index; the next search rebuilds it (another database, or after bulk loads)."""
    global _index
    _index = None


def loaded_facet_index() -> FacetIndex | None:
    return _index
