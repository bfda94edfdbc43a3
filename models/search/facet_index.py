"""An in-memory index of the published offers' facet values, as roaring bitmaps.

Derived data: the database is the source of truth; each process builds this at its first search
and keeps it current as offers are published or withdrawn. One bitmap per facet value holds
the publication numbers (`seq`) of the offers that carry it, so a search with its disjunctive
facet counts is a handful of bitmap intersections instead of one SQL GROUP BY per facet.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pyroaring import BitMap

from models.clock import now
from models.offers.tables import Offer
from models.search.criteria import FACETS, Facet
from models.search.fulltext import KeywordHits
from models.search.published_offers import (
    IndexedOffer,
    changed_offers_since,
    load_published_offers,
)

__all__ = ["FacetIndex", "current_facet_index", "forget_facet_index"]


_versions = itertools.count(1)


class FacetIndex:
    def __init__(self) -> None:
        self.bitmaps: dict[Facet, defaultdict[str, BitMap]] = {
            f: defaultdict(BitMap) for f in FACETS
        }
        self.published = BitMap()
        self.offer_ids: dict[int, int] = {}
        self._values: dict[int, dict[Facet, str | None]] = {}
        self._expiry: dict[int, date] = {}
        self._updated: dict[int, datetime] = {}
        self._live: BitMap | None = None
        self._live_on: date | None = None
        self.synced_until: datetime | None = None  # database changes seen up to then
        self.synced_at = 0.0  # time.monotonic() of the last catch-up
        # Keyword hits of recent searches; they hold for this index's contents only.
        self.keyword_cache: OrderedDict[str, KeywordHits] = OrderedDict()
        # Rows of offers recently shown on a results page, by publication number: a row is
        # kept only while its updated_at is the one the index knows, so it is as current as
        # the index, and a page of results needs no database round trip.
        self.rows: OrderedDict[int, Offer] = OrderedDict()
        # Changes with every change of contents, and differs between indexes of one process, so
        # that answers derived from the contents can tell they are stale.
        self.version = next(_versions)

    def add(self, offers: Iterable[IndexedOffer]) -> None:
        changed = False
        for offer in offers:
            if offer.seq in self.published:
                if (
                    offer.updated_at is not None
                    and self._updated.get(offer.seq) == offer.updated_at
                ):
                    continue  # seen already, unchanged since
                self._discard(offer.seq)
            changed = True
            self.published.add(offer.seq)
            self.offer_ids[offer.seq] = offer.offer_id
            self._values[offer.seq] = offer.values
            for facet, value in offer.values.items():
                if value is not None:
                    self.bitmaps[facet][value].add(offer.seq)
            if offer.expires_on is not None:
                self._expiry[offer.seq] = offer.expires_on
            if offer.updated_at is not None:
                self._updated[offer.seq] = offer.updated_at
        if changed:
            self._changed()

    def remove(self, seqs: Iterable[int]) -> None:
        gone = [seq for seq in seqs if seq in self.published]
        for seq in gone:
            self._discard(seq)
        if gone:
            self._changed()

    def _discard(self, seq: int) -> None:
        self.published.discard(seq)
        self.offer_ids.pop(seq, None)
        self._expiry.pop(seq, None)
        self._updated.pop(seq, None)
        self.rows.pop(seq, None)
        for facet, value in self._values.pop(seq, {}).items():
            if value is not None:
                self.bitmaps[facet][value].discard(seq)

    def cached_rows(self, seqs: Iterable[int]) -> dict[int, Offer]:
        found = {}
        for seq in seqs:
            row = self.rows.get(seq)
            if row is not None:
                self.rows.move_to_end(seq)
                found[seq] = row
        return found

    def keep_rows(self, rows: dict[int, Offer]) -> None:
        for seq, row in rows.items():
            if row.updated_at is not None and row.updated_at == self._updated.get(seq):
                self.rows[seq] = row
                self.rows.move_to_end(seq)
        while len(self.rows) > ROWS_KEPT:
            self.rows.popitem(last=False)

    def _changed(self) -> None:
        self.version = next(_versions)
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
# How stale this process's index may be about offers published or withdrawn by another process
# (another web process, the worker): it asks the database at most this often.
SYNC_SECONDS = 2.0
# Offer rows kept for results pages (~3 KB each with their texts): the first pages of the
# common searches, and then some.
ROWS_KEPT = 4_000


async def current_facet_index() -> FacetIndex:
    """This process's index, built from the database on first use and caught up with changes
    made elsewhere every few seconds."""
    global _index
    index = _index
    if index is not None and time.monotonic() - index.synced_at < SYNC_SECONDS:
        return index
    async with _lock:
        if _index is None:
            index = FacetIndex()
            index.synced_until = now()
            index.add(await load_published_offers())
            index.synced_at = time.monotonic()
            _index = index
        elif time.monotonic() - _index.synced_at >= SYNC_SECONDS:
            index = _index
            since = index.synced_until
            index.synced_until = now()
            # A margin for clocks of other machines a little behind ours; seeing a change twice
            # is harmless.
            margin = timedelta(seconds=5)
            published, withdrawn = await changed_offers_since(
                since - margin if since is not None else None
            )
            if published:
                index.add(published)
            gone = [seq for seq in withdrawn if seq in index.published]
            if gone:
                index.remove(gone)
            index.synced_at = time.monotonic()
        return _index


def forget_facet_index() -> None:
    """Drops the index; the next search rebuilds it (another database, or after bulk loads)."""
    global _index
    _index = None


def loaded_facet_index() -> FacetIndex | None:
    return _index
