"""search_offers: one page of results for some criteria, with every facet's counts.

Facet counts are disjunctive: a facet's counts ignore that facet's own selection and apply all
the others, so « Apprentissage (24) Stage (53) » stays true while one of them is ticked.
Ordering: an explicit SearchOrder (models.search.ordering); by default relevance: offers whose
title holds every keyword first, then the others, newest first within each group. The order is
computed on the index's bitmaps, so both engines, and the full-text engine's answers before
the index has read its terms, give exactly the same one.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import reduce

import orjson
from pyroaring import BitMap
from tortoise import connections

from models.clock import today
from models.db import dialect
from models.offers.tables import Offer, OfferStatus
from models.reference.geography import FRANCE
from models.reference.labels import Vocabulary, vocabulary
from models.search.criteria import FACETS, Facet, Near, SearchCriteria
from models.search.distance import distance_km
from models.search.facet_index import FacetIndex, current_facet_index
from models.search.fulltext import KeywordHits, find_keyword_hits, word_terms
from models.search.ordering import (
    Cursor,
    InvalidCursor,
    SearchOrder,
    decode_cursor,
    distance_needs_a_place,
    encode_cursor,
    page_of,
)
from models.search.suggestions import (
    CatalogueWords,
    catalogue_words,
    count_catalogue_words,
    suggest_keywords,
)
from models.search.text import KeywordQuery, fold

__all__ = [
    "MAX_PAGE_SIZE",
    "FacetValue",
    "InvalidCursor",
    "Matching",
    "SearchOrder",
    "SearchPage",
    "matching",
    "search_offers",
]

MAX_PAGE_SIZE = 100
_KEYWORD_CACHE_SIZE = 256


# Never change one once built: searches over every live offer share them (_over_live). Not
# frozen all the same: a frozen dataclass's __init__ costs 3.5 times as much (0.48 against
# 0.14 µs), for about a hundred values a page.
@dataclass(slots=True)
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
    # The keywords with a word no offer holds replaced by the closest word of the catalogue
    # (« numerque » -> « numerique »): offered to the candidate, never searched instead.
    did_you_mean: str | None = None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None


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


# Each facet's values over every live offer with none of them chosen (a search with no
# keyword, place or other facet: the home page's), per list of choices (one per state of the
# index and vocabulary) and live set (one per state of the index and day). Counting a facet
# is one intersection a value, about a pass over the catalogue: ~0.2 ms for the seven at 100k.
_over_live: dict[Facet, tuple[list[_Choice], BitMap, list[FacetValue]]] = {}


def _facet_values(
    facet: Facet,
    choices: list[_Choice],
    base: BitMap,
    criteria: SearchCriteria,
    words: Vocabulary,
    live: BitMap,
    counts: list[int] | None = None,
) -> list[FacetValue]:
    """The facet's values over `base`, with their counts (`counts`, one per choice, when
    already known)."""
    chosen = criteria.selected(facet)
    over_live = base is live and not chosen
    if over_live:
        known = _over_live.get(facet)
        if known is not None and known[0] is choices and known[1] is live:
            return [*known[2]]  # a list of its own: the caller's to change
    if counts is None:
        counts = [base.intersection_cardinality(choice.bitmap) for choice in choices]
    values = [
        FacetValue(choice.value, choice.label, count, choice.value in chosen)
        for choice, count in zip(choices, counts, strict=True)
        if count or choice.value in chosen
    ]
    if over_live:
        _over_live[facet] = (choices, live, [*values])
    missing = chosen - {v.value for v in values}
    if missing:  # chosen, but no offer has it: shown unticked-able, with 0, in its place
        labels = words.of(facet.value)
        values.extend(FacetValue(v, labels.get(v, v), 0, True) for v in missing)
        order = _display_order(facet, labels)
        values.sort(key=lambda v: order(v.value))
    return values


# Per list of region choices and of department choices (one each per state of the index and
# vocabulary): for each region, the departments whose offers are exactly its offers; None
# when some region's offers are not (an offer may name a region without a department).
_region_parts: tuple[list[_Choice], list[_Choice], list[list[int]] | None] | None = None


def _departments_of_regions(choices: dict[Facet, list[_Choice]]) -> list[list[int]] | None:
    global _region_parts
    regions, departments = choices[Facet.REGIONS], choices[Facet.DEPARTMENTS]
    known = _region_parts
    if known is not None and known[0] is regions and known[1] is departments:
        return known[2]
    parts: list[list[int]] | None = []
    for region in regions:
        members = [
            i
            for i, department in enumerate(departments)
            if department.bitmap and department.bitmap.issubset(region.bitmap)
        ]
        covered = BitMap().union(*(departments[i].bitmap for i in members))
        sizes = sum(len(departments[i].bitmap) for i in members)
        if covered != region.bitmap or sizes != len(region.bitmap):  # not a partition
            parts = None
            break
        assert parts is not None
        parts.append(members)
    _region_parts = (regions, departments, parts)
    return parts


def _counts_by_department(
    choices: dict[Facet, list[_Choice]], found: Matching, criteria: SearchCriteria, live: BitMap
) -> dict[Facet, list[int]]:
    """The departments' counts and, from them, the regions' — each region's offers being its
    departments' (checked once per state of the index) — when neither facet is chosen, so
    both count over the same offers: the regions' intersections are not made again."""
    if criteria.selected(Facet.REGIONS) or criteria.selected(Facet.DEPARTMENTS):
        return {}
    base = found.without(Facet.DEPARTMENTS)
    if base is live:
        return {}  # the values over every live offer are kept whole (_facet_values)
    parts = _departments_of_regions(choices)
    if parts is None:
        return {}
    by_department = [base.intersection_cardinality(c.bitmap) for c in choices[Facet.DEPARTMENTS]]
    by_region = [sum(by_department[i] for i in members) for members in parts]
    return {Facet.DEPARTMENTS: by_department, Facet.REGIONS: by_region}


@dataclass(frozen=True, slots=True)
class Matching:
    """What criteria select in an index: the live offers with the keywords (`base`), each
    facet's selection (None: not selected), and the keyword hits (None: no keywords)."""

    base: BitMap
    selections: dict[Facet, BitMap | None]
    hits: KeywordHits | None

    def without(self, facet: Facet) -> BitMap:
        """The offers matching every criterion but `facet`'s."""
        others = [s for f, s in self.selections.items() if f is not facet and s is not None]
        return reduce(BitMap.__and__, others, self.base) if others else self.base

    def results(self) -> BitMap:
        chosen = [s for s in self.selections.values() if s is not None]
        return reduce(BitMap.__and__, chosen, self.base) if chosen else self.base


async def _changed_since(criteria: SearchCriteria) -> BitMap | None:
    """The published offers within the API's date criteria, read from the offers table (the
    index keeps no dates) as one aggregated array parsed in C, not a row object each."""
    if not criteria.has_dates():
        return None
    postgres = dialect() == "postgres"
    conditions = ["status = {}", "seq IS NOT NULL"]
    values: list[object] = [OfferStatus.PUBLISHED.value]
    for column, moment in (
        ("published_at", criteria.published_since),
        ("changed_at", criteria.updated_since),
    ):
        if moment is not None:
            conditions.append(f"{column} >= {{}}")
            # SQLite compares the text Tortoise stored: the same spelling, to the microsecond.
            values.append(moment if postgres else moment.isoformat(" ", "microseconds"))
    where = " AND ".join(conditions)
    marks = [f"${n}" if postgres else "?" for n in range(1, len(values) + 1)]
    aggregate = "array_agg(seq)" if postgres else "json_group_array(seq)"
    sql = f"SELECT {aggregate} AS seqs FROM offer WHERE {where.format(*marks)}"
    _, rows = await connections.get("default").execute_query(sql, values)
    found = rows[0]["seqs"] if rows else None
    if found is None:
        return BitMap()
    return BitMap(found if postgres else orjson.loads(str(found)))


async def matching(criteria: SearchCriteria, index: FacetIndex) -> Matching:
    base = index.live(today())
    # Like keywords and places, dates restrict every facet's counts.
    within_dates = await _changed_since(criteria)
    if within_dates is not None:
        base = base & within_dates
    hits: KeywordHits | None = None
    if criteria.keyword_query:
        hits = await _keyword_hits(criteria.keyword_query, index)
        base = base & hits.anywhere
    # Like keywords, places restrict every facet's counts: they are not a facet.
    for place in sorted(criteria.near, key=lambda n: n.radius_km):
        base = base & index.near(place.latitude, place.longitude, place.radius_km)
    return Matching(base, {f: _selection(index, criteria, f) for f in FACETS}, hits)


def _groups(
    order: SearchOrder,
    index: FacetIndex,
    results: BitMap,
    hits: KeywordHits | None,
    after: Cursor | None,
    near: Near | None,
) -> Iterator[tuple[int, BitMap]]:
    """The results in groups of increasing place, as models.search.ordering describes; those
    before the cursor's may be left out."""
    if order is SearchOrder.DISTANCE and near is not None:
        yield from _by_distance(index, results, near, after)
    elif order is SearchOrder.DEADLINE:
        yield from index.by_deadline(results, today(), after.place if after else 0)
    elif order is SearchOrder.RELEVANCE and hits is not None:
        yield 0, results & hits.in_title
        yield 1, results - hits.in_title
    else:
        # Relevance without keywords is newest first, in the place old cursors name.
        yield (1 if order is SearchOrder.RELEVANCE else 0), results


def _by_distance(
    index: FacetIndex, results: BitMap, near: Near, after: Cursor | None
) -> Iterator[tuple[int, BitMap]]:
    """The results by distance from the first place, nearest first: a group per distance in
    whole metres, so that a cursor names its group by an integer. Read lazily (the positions
    nearest first, each only when the page reaches it); groups before the cursor's are left
    out unread."""
    start = after.place if after is not None else 0
    metres, group = -1, BitMap()
    for km, members in index.places.by_distance(
        results, near.latitude, near.longitude, near.radius_km, start
    ):
        at = int(km * 1000)
        if at != metres:
            if group:
                yield metres, group
            metres, group = at, BitMap()
        group |= members
    if group:
        yield metres, group


async def search_offers(
    criteria: SearchCriteria,
    *,
    first: int = 20,
    after: str | None = None,
    skip: int = 0,
    order: SearchOrder = SearchOrder.RELEVANCE,
) -> SearchPage:
    """One page of the published, unexpired offers matching the criteria, with facet counts.

    Pages follow `after` (a cursor from a previous page of the same order, for API clients)
    and then `skip` further results (numbered pages, for the web site). DISTANCE raises
    InvalidCriteria without a place (`near`): it orders by distance from the first one.
    """
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise ValueError(f"first must be between 0 and {MAX_PAGE_SIZE}")
    if skip < 0:
        raise ValueError("skip must not be negative")
    if order is SearchOrder.DISTANCE and not criteria.near:
        raise distance_needs_a_place()
    start = decode_cursor(after, order) if after else None
    index = await current_facet_index()
    words = await vocabulary()

    found = await matching(criteria, index)
    did_you_mean = None
    if found.hits is not None:
        # Ready before a keyword is first misspelt, counted meanwhile in the background.
        count_catalogue_words(index, index.version)
        live = index.live(today())
        if not live.intersect(found.hits.anywhere):
            did_you_mean = await _did_you_mean(criteria, index, live)
    choices = _ordered_choices(index, words)
    live = index.live(today())
    known = _counts_by_department(choices, found, criteria, live)
    facets = {
        facet: _facet_values(
            facet, choices[facet], found.without(facet), criteria, words, live, known.get(facet)
        )
        for facet in FACETS
    }
    results = found.results()
    nearest = criteria.near[0] if criteria.near else None
    groups = _groups(order, index, results, found.hits, start, nearest)
    page, has_next = page_of(groups, order, first=first, after=start, skip=skip)

    seqs = [c.seq for c in page]
    kept = index.cached_rows(seqs)
    missing = [seq for seq in seqs if seq not in kept]
    fetched = {o.seq: o for o in await Offer.filter(seq__in=missing)} if missing else {}
    rows: dict[int, Offer] = {seq: row for seq, row in fetched.items() if seq is not None}
    index.keep_rows(rows)
    rows |= kept
    offers = [rows[s] for s in seqs if s in rows]
    return SearchPage(
        offers=offers,
        cursors=[encode_cursor(c) for c in page if c.seq in rows],
        total=len(results),
        facets=facets,
        has_next_page=has_next,
        has_previous_page=start is not None or skip > 0,
        distances=[offer_distance(o, nearest) for o in offers] if nearest else [],
        did_you_mean=did_you_mean,
    )


def offer_distance(offer: Offer, place: Near) -> float | None:
    """The offer's distance in km from a place, None when the offer has no position."""
    if offer.latitude is None or offer.longitude is None:
        return None
    return distance_km(place.latitude, place.longitude, offer.latitude, offer.longitude)


async def _did_you_mean(criteria: SearchCriteria, index: FacetIndex, live: BitMap) -> str | None:
    """Asked only when the keywords find no offer: one of their words may be misspelt."""

    async def finds(query: KeywordQuery) -> bool:
        return bool((await _keyword_hits(query, index)).anywhere & live) if query else False

    async def catalogue() -> CatalogueWords | None:
        return await catalogue_words(index, index.version)

    return await suggest_keywords(criteria.keywords, criteria.keyword_query, finds, catalogue)
