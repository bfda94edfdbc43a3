"""search_offers: one page of results for some criteria, with every facet's counts.

Facet counts are disjunctive: a facet's counts ignore that facet's own selection and apply all
the others, so « Apprentissage (24) Stage (53) » stays true while one of them is ticked.
Ordering: newest published first; with keywords, offers whose title holds every keyword come
first, then the others, newest first within each group. Both engines compute exactly this.
"""

from __future__ import annotations

import base64
import binascii
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import reduce

from pyroaring import BitMap

from models.clock import today
from models.offers.tables import Offer
from models.reference.geography import FRANCE
from models.reference.labels import Vocabulary, vocabulary
from models.search.criteria import FACETS, Facet, Near, SearchCriteria
from models.search.distance import distance_km
from models.search.facet_index import FacetIndex, current_facet_index
from models.search.fulltext import KeywordHits, find_keyword_hits, word_terms
from models.search.text import KeywordQuery, fold

__all__ = [
    "MAX_PAGE_SIZE",
    "FacetValue",
    "InvalidCursor",
    "SearchPage",
    "search_offers",
]

MAX_PAGE_SIZE = 100
_KEYWORD_CACHE_SIZE = 256


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True, slots=True)
class SearchPage:
    offers: list[Offer]
    cursors: list[str]
    total: int
    facets: dict[Facet, list[FacetValue]]
    has_next_page: bool
    has_previous_page: bool
    # Per offer, its distance in km from the first `near` place (None without `near`).
    distances: list[float | None] = field(default_factory=list)

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None


def encode_cursor(tier: int, seq: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{tier}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, tier, seq = base64.urlsafe_b64decode(padded).decode().split(":")
        if version != "v1" or tier not in ("0", "1"):
            raise ValueError(cursor)
        return int(tier), int(seq)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidCursor("Curseur de pagination invalide") from None


async def _keyword_hits(query: KeywordQuery, index: FacetIndex) -> KeywordHits:
    """Words are answered by the index's term bitmaps, whatever the number of hits; phrases
    (word order) by the full-text engine, kept per phrase until the index changes."""
    terms = await word_terms(query.words) if index.terms_loaded else None
    if terms is None:  # terms still being read, or a word PostgreSQL reads as no single term
        return await _engine_hits(query, index)
    hits = index.keyword_hits(terms)
    for phrase in query.phrases:
        found = await _engine_hits(KeywordQuery(phrases=(phrase,)), index)
        hits = KeywordHits(hits.anywhere & found.anywhere, hits.in_title & found.in_title)
    return hits


async def _engine_hits(query: KeywordQuery, index: FacetIndex) -> KeywordHits:
    cache = index.keyword_cache
    key = query.text()
    hits = cache.get(key)
    if hits is None:
        hits = await find_keyword_hits(query)
        cache[key] = hits
        if len(cache) > _KEYWORD_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return hits


def _selection(index: FacetIndex, criteria: SearchCriteria, facet: Facet) -> BitMap | None:
    chosen = criteria.selected(facet)
    if not chosen:
        return None
    bitmaps = index.bitmaps[facet]
    return BitMap.union(BitMap(), *(bitmaps[v] for v in chosen if v in bitmaps))


@dataclass(frozen=True, slots=True)
class _Choice:
    value: str
    label: str
    bitmap: BitMap


def _display_order(facet: Facet, labels: Mapping[str, str]) -> Callable[[str], tuple[int, str]]:
    """Types, levels and departments in their reference order; France before the other
    countries (most offers are there, the others are stages abroad); the others by label."""
    if facet in (Facet.TYPES, Facet.DIPLOMA_LEVELS, Facet.DEPARTMENTS):
        rank = {value: position for position, value in enumerate(labels)}
        return lambda value: (rank.get(value, len(rank)), "")
    if facet is Facet.COUNTRIES:
        return lambda value: (value != FRANCE, fold(labels.get(value, value)))
    return lambda value: (0, fold(labels.get(value, value)))


# The facets' values in display order, with their labels: worked out once per state of the
# index and vocabulary, not on every search (sorting by folded label was a fifth of a search).
_ordered: tuple[weakref.ref[FacetIndex], int, Vocabulary, dict[Facet, list[_Choice]]] | None = None


def _ordered_choices(index: FacetIndex, words: Vocabulary) -> dict[Facet, list[_Choice]]:
    global _ordered
    if _ordered is not None:
        known_index, version, known_words, choices = _ordered
        if known_index() is index and version == index.version and known_words is words:
            return choices
    choices = {}
    for facet in FACETS:
        labels = words.of(facet.value)
        order = _display_order(facet, labels)
        bitmaps = index.bitmaps[facet]
        choices[facet] = [
            _Choice(value, labels.get(value, value), bitmaps[value])
            for value in sorted(bitmaps, key=order)
        ]
    _ordered = (weakref.ref(index), index.version, words, choices)
    return choices


def _facet_values(
    facet: Facet,
    choices: list[_Choice],
    base: BitMap,
    criteria: SearchCriteria,
    words: Vocabulary,
) -> list[FacetValue]:
    chosen = criteria.selected(facet)
    values = []
    for choice in choices:
        value = choice.value
        count = base.intersection_cardinality(choice.bitmap)
        if count or value in chosen:
            values.append(FacetValue(value, choice.label, count, value in chosen))
    missing = chosen - {v.value for v in values}
    if missing:  # chosen, but no offer has it: shown unticked-able, with 0, in its place
        labels = words.of(facet.value)
        values.extend(FacetValue(v, labels.get(v, v), 0, True) for v in missing)
        order = _display_order(facet, labels)
        values.sort(key=lambda v: order(v.value))
    return values


async def search_offers(
    criteria: SearchCriteria, *, first: int = 20, after: str | None = None, skip: int = 0
) -> SearchPage:
    """One page of the published, unexpired offers matching the criteria, with facet counts.

    Pages follow `after` (a cursor from a previous page, for API clients) and then `skip`
    further results (numbered pages, for the web site).
    """
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise ValueError(f"first must be between 0 and {MAX_PAGE_SIZE}")
    if skip < 0:
        raise ValueError("skip must not be negative")
    start = decode_cursor(after) if after else None
    skip_requested = skip
    index = await current_facet_index()
    words = await vocabulary()

    base = index.live(today())
    hits: KeywordHits | None = None
    if criteria.keyword_query:
        hits = await _keyword_hits(criteria.keyword_query, index)
        base = base & hits.anywhere
    # Like keywords, places restrict every facet's counts: they are not a facet.
    for place in sorted(criteria.near, key=lambda n: n.radius_km):
        base = base & index.near(place.latitude, place.longitude, place.radius_km)

    selections = {f: _selection(index, criteria, f) for f in FACETS}
    choices = _ordered_choices(index, words)
    facets: dict[Facet, list[FacetValue]] = {}
    for facet in FACETS:
        others = [s for f, s in selections.items() if f is not facet and s is not None]
        scope = reduce(BitMap.__and__, others, base) if others else base
        facets[facet] = _facet_values(facet, choices[facet], scope, criteria, words)
    chosen = [s for s in selections.values() if s is not None]
    results = reduce(BitMap.__and__, chosen, base) if chosen else base

    tiers = [(1, results & hits.in_title), (0, results - hits.in_title)] if hits else [(0, results)]
    page: list[tuple[int, int]] = []
    for tier, members in tiers:
        if start is not None and tier > start[0]:
            continue
        remaining = members.rank(start[1] - 1) if start and tier == start[0] else len(members)
        skipped = min(skip, remaining)
        skip -= skipped
        remaining -= skipped
        while remaining > 0 and len(page) <= first:
            remaining -= 1
            page.append((tier, members[remaining]))
    has_next = len(page) > first
    page = page[:first]

    seqs = [seq for _, seq in page]
    kept = index.cached_rows(seqs)
    missing = [seq for seq in seqs if seq not in kept]
    fetched = {o.seq: o for o in await Offer.filter(seq__in=missing)} if missing else {}
    rows: dict[int, Offer] = {seq: row for seq, row in fetched.items() if seq is not None}
    index.keep_rows(rows)
    rows |= kept
    offers = [rows[s] for s in seqs if s in rows]
    return SearchPage(
        offers=offers,
        cursors=[encode_cursor(t, s) for t, s in page if s in rows],
        total=len(results),
        facets=facets,
        has_next_page=has_next,
        has_previous_page=start is not None or skip_requested > 0,
        distances=[offer_distance(o, criteria.near[0]) for o in offers] if criteria.near else [],
    )


def offer_distance(offer: Offer, place: Near) -> float | None:
    """The offer's distance in km from a place, None when the offer has no position."""
    if offer.latitude is None or offer.longitude is None:
        return None
    return distance_km(place.latitude, place.longitude, offer.latitude, offer.longitude)
