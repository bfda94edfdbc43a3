"""An in-memory index of the published offers' facet values and words, as roaring bitmaps.

Derived data: the database is the source of truth; each process builds this at its first search
and keeps it current as offers are published or withdrawn. One bitmap per facet value holds
the publication numbers (`seq`) of the offers that carry it, and one per full-text term the
offers holding it (anywhere, and in the title), so a search with its disjunctive facet counts
is a handful of bitmap intersections instead of one SQL GROUP BY per facet, and a keyword
costs the same whatever the number of offers holding it.

Nothing is kept per offer but its last change, in an array indexed by publication number: a
million offers take tens of megabytes, not a Python object each. Forgetting offers therefore
sweeps the bitmaps (one pass per batch of offers, only when offers change).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import itertools
import logging
import time
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from functools import reduce
from typing import TypeVar

from pyroaring import BitMap

from models.clock import now
from models.offers.tables import Offer
from models.search.criteria import FACETS, Facet
from models.search.fulltext import KeywordHits, load_term_bitmaps
from models.search.near_index import PlaceIndex
from models.search.ordering import NO_DEADLINE
from models.search.published_offers import (
    IndexedOffer,
    PublishedOffers,
    changed_offers_since,
    load_published_offers,
    micros,
)

__all__ = ["FacetIndex", "build_facet_index", "current_facet_index", "forget_facet_index"]

log = logging.getLogger(__name__)

K = TypeVar("K")

_versions = itertools.count(1)
_NOTHING = BitMap()


def _compact(bitmap: BitMap) -> BitMap:
    bitmap.run_optimize()
    bitmap.shrink_to_fit()
    return bitmap


class FacetIndex:
    def __init__(self) -> None:
        self.bitmaps: dict[Facet, dict[str, BitMap]] = {f: {} for f in FACETS}
        self.published = BitMap()
        # The terms of the full-text engine (SQLite: our stems; PostgreSQL: its lexemes).
        # Until they are all read (see terms_loaded), the engine answers keyword searches.
        self.terms: dict[str, BitMap] = {}
        self.title_terms: dict[str, BitMap] = {}
        self.terms_loaded = False
        self._terms_task: asyncio.Task[None] | None = None
        # Offers given their terms or withdrawn while the terms are read: what the index
        # learnt of them is newer than what the engine answered (maybe before the change).
        self._touched: BitMap | None = None
        # Per publication number: the last change, in µs since 1970 (0: unknown).
        self._updated = array("q")
        self._ending: dict[int, BitMap] = {}  # end date's ordinal -> offers ending that day
        # Where the offers are, for « within N km ».
        self.places = PlaceIndex()
        # The offers within each recently asked circle (point and radius): they hold for
        # this index's contents only.
        self.near_cache: OrderedDict[tuple[float, float, int], BitMap] = OrderedDict()
        self._live: BitMap | None = None
        self._live_on: date | None = None
        self.synced_until: datetime | None = None  # database changes seen up to then
        self.synced_at = 0.0  # time.monotonic() of the last catch-up
        # The full-text engine's hits of recent phrases (and of words while the terms are being
        # read): they hold for this index's contents only.
        self.keyword_cache: OrderedDict[str, KeywordHits] = OrderedDict()
        # Rows of offers recently shown on a results page, by publication number: a row is
        # kept only while its updated_at is the one the index knows, so it is as current as
        # the index, and a page of results needs no database round trip.
        self.rows: OrderedDict[int, Offer] = OrderedDict()
        # Changes with every change of contents, and differs between indexes of one process, so
        # that answers derived from the contents can tell they are stale.
        self.version = next(_versions)
        # The end dates in order, and the offers having one, as of `_deadline_version`.
        self._deadline_days: list[int] | None = None
        self._with_deadline = BitMap()
        self._deadline_version = 0

    def __len__(self) -> int:
        return len(self.published)

    def load(self, offers: PublishedOffers) -> None:
        """Takes every published offer at once (a new index)."""
        for facet, groups in offers.values.items():
            for value, members in groups.items():
                self._bitmap(self.bitmaps[facet], value).update(members)
        for day, members in offers.ending.items():
            self._bitmap(self._ending, day).update(members)
        self.published.update(offers.seqs)
        if offers.seqs:
            size = max(offers.seqs) + 1
            _grow(self._updated, size)
            for seq, moment in zip(offers.seqs, offers.updated, strict=True):
                self._updated[seq] = moment
            self.places.load(offers.seqs, offers.latitudes, offers.longitudes)
        for bitmap in self._facet_bitmaps():
            _compact(bitmap)
        self._changed()

    @staticmethod
    def _bitmap(bitmaps: dict[K, BitMap], key: K) -> BitMap:
        bitmap = bitmaps.get(key)
        if bitmap is None:
            bitmap = bitmaps[key] = BitMap()
        return bitmap

    def add(self, offers: Iterable[IndexedOffer]) -> None:
        fresh: list[IndexedOffer] = []
        for offer in offers:
            seq = offer.seq
            if seq in self.published and offer.updated_at is not None:
                known = self._updated[seq] if seq < len(self._updated) else 0
                if known == micros(offer.updated_at):
                    continue  # seen already, unchanged since
            fresh.append(offer)
        if not fresh:
            return
        if self._touched is not None:
            self._touched.update(o.seq for o in fresh if o.terms is not None)
        again = BitMap(o.seq for o in fresh) & self.published
        if again:
            self._discard(again, BitMap(o.seq for o in fresh if o.terms is not None) & again)
        _grow(self._updated, max(o.seq for o in fresh) + 1)
        by_term: dict[str, list[int]] = {}
        by_title_term: dict[str, list[int]] = {}
        for offer in fresh:
            seq = offer.seq
            self.published.add(seq)
            for facet, value in offer.values.items():
                if value is not None:
                    self._bitmap(self.bitmaps[facet], value).add(seq)
            if offer.expires_on is not None:
                self._bitmap(self._ending, offer.expires_on.toordinal()).add(seq)
            self._updated[seq] = micros(offer.updated_at)
            self.places.put(seq, offer.latitude, offer.longitude)
            for term in offer.terms or ():
                by_term.setdefault(term, []).append(seq)
            for term in offer.title_terms or ():
                by_title_term.setdefault(term, []).append(seq)
        for terms, found in ((self.terms, by_term), (self.title_terms, by_title_term)):
            for term, seqs in found.items():
                self._bitmap(terms, term).update(seqs)
        self._changed()

    def add_terms(self, anywhere: Mapping[str, BitMap], in_title: Mapping[str, BitMap]) -> None:
        """Term bitmaps read in bulk from the full-text engine."""
        for terms, found in ((self.terms, anywhere), (self.title_terms, in_title)):
            for term, bitmap in found.items():
                known = terms.get(term)
                terms[term] = bitmap if known is None else known | bitmap

    def remove(self, seqs: Iterable[int]) -> None:
        gone = BitMap(seqs) & self.published
        if self._touched is not None:
            self._touched |= gone
        if gone:
            self._discard(gone, gone)
            self._changed()

    def _discard(self, gone: BitMap, terms_gone: BitMap) -> None:
        """Forgets offers; their terms too for `terms_gone` (a withdrawal, or new terms to
        come). One pass over the bitmaps for the whole batch: keeping each offer's values and
        terms to find them directly would cost more memory than every bitmap together."""
        self.published -= gone
        for seq in gone:
            self._updated[seq] = 0
            self.rows.pop(seq, None)
            self.places.discard(seq)
        for bitmap in self._facet_bitmaps():
            if bitmap.intersect(gone):
                bitmap.difference_update(gone)
        if terms_gone:
            for terms in (self.terms, self.title_terms):
                for bitmap in terms.values():
                    if bitmap.intersect(terms_gone):
                        bitmap.difference_update(terms_gone)

    def _facet_bitmaps(self) -> Iterator[BitMap]:
        for values in self.bitmaps.values():
            yield from values.values()
        yield from self._ending.values()

    def keyword_hits(self, terms: list[str]) -> KeywordHits:
        """The offers holding every term anywhere, and those holding every term in their title."""
        if not terms:
            return KeywordHits(self.published, self.published)
        return KeywordHits(
            _all_of([self.terms.get(t, _NOTHING) for t in terms]),
            _all_of([self.title_terms.get(t, _NOTHING) for t in terms]),
        )

    def near(self, latitude: float, longitude: float, radius_km: int) -> BitMap:
        """The offers within `radius_km` of the point (published or not: intersect with
        `live`), kept per circle until the index changes."""
        key = (latitude, longitude, radius_km)
        found = self.near_cache.get(key)
        if found is None:
            found = self.places.within(latitude, longitude, radius_km)
            self.near_cache[key] = found
            if len(self.near_cache) > _NEAR_CACHE_SIZE:
                self.near_cache.popitem(last=False)
        else:
            self.near_cache.move_to_end(key)
        return found

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
            known = self._updated[seq] if seq < len(self._updated) else 0
            if row.updated_at is not None and micros(row.updated_at) == known:
                self.rows[seq] = row
                self.rows.move_to_end(seq)
        while len(self.rows) > ROWS_KEPT:
            self.rows.popitem(last=False)

    def _changed(self) -> None:
        self.version = next(_versions)
        self._live = None
        self.keyword_cache.clear()
        self.near_cache.clear()

    def live(self, today: date) -> BitMap:
        """Published offers whose end date has not passed."""
        if self._live is None or self._live_on != today:
            cut = today.toordinal()
            expired = BitMap.union(_NOTHING, *(b for d, b in self._ending.items() if d < cut))
            self._live = self.published - expired
            self._live_on = today
        return self._live

    def by_deadline(
        self, offers: BitMap, today: date, since: int = 0
    ) -> Iterator[tuple[int, BitMap]]:
        """`offers` grouped by end date, soonest first (each date by its ordinal), then those
        without one (under NO_DEADLINE); from the date `since` (an ordinal) on, if later than
        today. Lazily: a page reads only the dates it shows."""
        if self._deadline_days is None or self._deadline_version != self.version:
            self._deadline_days = sorted(self._ending)
            self._with_deadline = BitMap.union(_NOTHING, *self._ending.values())
            self._deadline_version = self.version
        days, with_deadline = self._deadline_days, self._with_deadline
        for day in days[bisect.bisect_left(days, max(today.toordinal(), since)) :]:
            members = offers & self._ending[day]
            if members:
                yield day, members
        yield NO_DEADLINE, offers - with_deadline

    def read_terms(self) -> None:
        """Reads the terms from the full-text engine in the background: a process answers
        searches as soon as the facets are read; keyword searches ask the engine until then."""
        self._touched = BitMap()
        self._terms_task = asyncio.create_task(self._read_terms())

    async def _read_terms(self) -> None:
        try:
            anywhere, in_title = await load_term_bitmaps()
        except Exception as error:  # the database went away (shutdown) or failed: not fatal
            log.warning("full-text terms not read, the engine answers keywords: %r", error)
            self._touched = None
            return
        # Offers published, edited or withdrawn meanwhile: add() and remove() have the last
        # word on them; the engine may have answered before or after their change.
        touched, self._touched = self._touched or BitMap(), None
        if touched:
            for bitmap in (*anywhere.values(), *in_title.values()):
                bitmap.difference_update(touched)
        self.add_terms(anywhere, in_title)
        self.terms_loaded = True
        self.version = next(_versions)

    async def terms_read(self) -> None:
        """Waits for the terms (benchmarks and tests)."""
        if self._terms_task is not None:
            await asyncio.shield(self._terms_task)

    def close(self) -> None:
        if self._terms_task is not None and not self._terms_task.done():
            self._terms_task.cancel()


def _grow(numbers: array[int], size: int) -> None:
    if len(numbers) < size:
        numbers.extend(itertools.repeat(0, size - len(numbers)))


def _all_of(bitmaps: list[BitMap]) -> BitMap:
    # Rarest first: each intersection is then at most as large as the rarest term.
    ordered = sorted(bitmaps, key=len)
    return reduce(BitMap.__and__, ordered[1:], ordered[0]) if len(ordered) > 1 else ordered[0]


_index: FacetIndex | None = None
_lock = asyncio.Lock()
# How stale this process's index may be about offers published or withdrawn by another process
# (another web process, the worker): it asks the database at most this often.
SYNC_SECONDS = 2.0
# Offer rows kept for results pages (~3 KB each with their texts): the first pages of the
# common searches, and then some.
ROWS_KEPT = 4_000
# Circles kept with their offers: each a bitmap of up to a large city's offers.
_NEAR_CACHE_SIZE = 256


async def build_facet_index(*, terms: bool = True) -> FacetIndex:
    """A new index of the database's published offers; its terms are read in the background
    (`terms=False`: not at all, the engine answering every keyword search)."""
    index = FacetIndex()
    index.synced_until = now()
    index.load(await load_published_offers())
    index.synced_at = time.monotonic()
    if terms:
        index.read_terms()
    return index


async def current_facet_index() -> FacetIndex:
    """This process's index, built from the database on first use and caught up with changes
    made elsewhere every few seconds."""
    global _index
    index = _index
    if index is not None and time.monotonic() - index.synced_at < SYNC_SECONDS:
        return index
    async with _lock:
        if _index is None:
            _index = await build_facet_index()
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
    if _index is not None:
        _index.close()
    _index = None


def loaded_facet_index() -> FacetIndex | None:
    return _index


async def settled_facet_index() -> FacetIndex:
    """This process's index once its terms are read (benchmarks and tests)."""
    index = await current_facet_index()
    with contextlib.suppress(asyncio.CancelledError):
        await index.terms_read()
    return index
