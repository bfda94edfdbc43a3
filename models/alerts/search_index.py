"""An index of saved searches, so that one new offer finds the searches it matches without
looking at each.

A search fails an offer on a facet when it restricts that facet to values other than the
offer's. Per facet and value, the searches that refuse it are one bitmap, kept for the values
offers have brought and updated as searches change; an offer's matches on facets are then all
the searches minus the union of about seven bitmaps: two operations of compiled code, whatever
the number of searches or of the shapes of their criteria (grouping searches by the facets they
restrict, then intersecting per shape, took twice as long at fifty shapes). Keywords are then
checked once per distinct query, and only for the queries anchored on a word the offer contains.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyroaring import BitMap

from models.alerts.matching import CompiledKeywords, OfferFacts, compile_keywords, near_match
from models.search.criteria import FACETS, Facet, Near, SearchCriteria
from models.search.distance import EARTH_RADIUS_KM

__all__ = ["SavedSearchIndex"]


Places = tuple[Near, ...]
_EVERYWHERE = (999, 999)


def _square(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude), (math.floor(longitude) + 180) % 360 - 180


def _squares_reached(place: Near) -> list[tuple[int, int]]:
    """The one-degree squares a place's circle reaches (a margin around its bounding box):
    an offer outside them is out of reach of that place."""
    reach = math.degrees(place.radius_km / EARTH_RADIUS_KM) + 0.01
    south, north = place.latitude - reach, place.latitude + reach
    widest = max(abs(south), abs(north))
    if widest >= 89:
        return [_EVERYWHERE]
    span = reach / math.cos(math.radians(widest)) + 0.01
    if span >= 180:
        return [_EVERYWHERE]
    return [
        (row, (column + 180) % 360 - 180)
        for row in range(math.floor(south), math.floor(north) + 1)
        for column in range(
            math.floor(place.longitude - span), math.floor(place.longitude + span) + 1
        )
    ]


@dataclass(slots=True)
class _KeywordGroup:
    compiled: CompiledKeywords
    searches: BitMap = field(default_factory=BitMap)


class SavedSearchIndex:
    def __init__(self) -> None:
        # Per facet: the searches restricting it, and among them those accepting each value;
        # and the searches refusing a value (restricting minus accepting), for the values
        # offers have brought so far.
        self._restricting: dict[Facet, BitMap] = {f: BitMap() for f in FACETS}
        self._accepting: dict[Facet, dict[str, BitMap]] = {f: {} for f in FACETS}
        self._refusing: dict[Facet, dict[str, BitMap]] = {f: {} for f in FACETS}
        self._criteria: dict[int, SearchCriteria] = {}
        # Searches by keyword query as it is checked: queries that differ only in the order
        # or the form of their words (« juriste stage », « stages juriste ») are one group.
        self._keywords: dict[CompiledKeywords, _KeywordGroup] = {}
        # Each group under one of its stems (the longest: long words are rarer), which every
        # offer it matches contains.
        self._anchored: defaultdict[str, dict[CompiledKeywords, _KeywordGroup]] = defaultdict(dict)
        self._with_keywords = BitMap()
        # Searches restricted to places, by their places, filed under each one-degree square
        # the first place's circle reaches: an offer looks only at those of its square.
        self._places: dict[Places, BitMap] = {}
        self._near_squares: defaultdict[tuple[int, int], dict[Places, BitMap]] = defaultdict(dict)
        self._with_places = BitMap()
        self.all = BitMap()

    def __len__(self) -> int:
        return len(self.all)

    def put(self, search_id: int, criteria: SearchCriteria) -> None:
        """Adds a search, or replaces what was known of it."""
        self.remove(search_id)
        self._criteria[search_id] = criteria
        for facet in FACETS:
            chosen = criteria.selected(facet)
            if chosen:
                self._restricting[facet].add(search_id)
                accepting = self._accepting[facet]
                for value in chosen:
                    bitmap = accepting.get(value)
                    if bitmap is None:
                        bitmap = accepting[value] = BitMap()
                    bitmap.add(search_id)
                for value, refusing in self._refusing[facet].items():
                    if value not in chosen:
                        refusing.add(search_id)
        query = criteria.keyword_query
        if query:
            compiled = compile_keywords(query)
            group = self._keywords.get(compiled)
            if group is None:
                group = self._keywords[compiled] = _KeywordGroup(compiled)
                self._anchored[compiled.anchor][compiled] = group
            group.searches.add(search_id)
            self._with_keywords.add(search_id)
        places = criteria.near
        if places:
            searches = self._places.get(places)
            if searches is None:
                searches = self._places[places] = BitMap()
                for square in _squares_reached(places[0]):
                    self._near_squares[square][places] = searches
            searches.add(search_id)
            self._with_places.add(search_id)
        self.all.add(search_id)

    def put_many(self, searches: Iterable[tuple[int, SearchCriteria]]) -> None:
        for search_id, criteria in searches:
            self.put(search_id, criteria)

    def remove(self, search_id: int) -> None:
        criteria = self._criteria.pop(search_id, None)
        if criteria is None:
            return
        for facet in FACETS:
            chosen = criteria.selected(facet)
            if chosen:
                self._restricting[facet].discard(search_id)
                accepting = self._accepting[facet]
                for value in chosen:
                    bitmap = accepting.get(value)
                    if bitmap is not None:
                        bitmap.discard(search_id)
                        if not bitmap:
                            del accepting[value]
                for refusing in self._refusing[facet].values():
                    refusing.discard(search_id)
        query = criteria.keyword_query
        if query:
            compiled = compile_keywords(query)
            group = self._keywords[compiled]
            group.searches.discard(search_id)
            if not group.searches:
                del self._keywords[compiled]
                anchored = self._anchored[compiled.anchor]
                del anchored[compiled]
                if not anchored:
                    del self._anchored[compiled.anchor]
            self._with_keywords.discard(search_id)
        places = criteria.near
        if places:
            searches = self._places[places]
            searches.discard(search_id)
            if not searches:
                del self._places[places]
                for square in _squares_reached(places[0]):
                    filed = self._near_squares[square]
                    del filed[places]
                    if not filed:
                        del self._near_squares[square]
            self._with_places.discard(search_id)
        self.all.discard(search_id)

    def _refused(self, facet: Facet, restricting: BitMap, value: str | None) -> BitMap:
        """The searches that restrict this facet to other values than this one."""
        if value is None:
            return restricting
        refusing = self._refusing[facet].get(value)
        if refusing is None:
            accepting = self._accepting[facet].get(value)
            refusing = restricting - accepting if accepting else BitMap(restricting)
            self._refusing[facet][value] = refusing
        return refusing

    def _within_reach(self, result: BitMap, facts: OfferFacts) -> BitMap:
        """The result without the searches whose places the offer is out of reach of."""
        reached: list[BitMap] = []
        if facts.latitude is not None and facts.longitude is not None:
            square = _square(facts.latitude, facts.longitude)
            for filed in (self._near_squares.get(square), self._near_squares.get(_EVERYWHERE)):
                for places, searches in (filed or {}).items():
                    if searches.intersect(result) and near_match(places, facts):
                        reached.append(searches)
        without_places = result - self._with_places
        if not reached:
            return without_places
        return without_places | (result & BitMap.union(*reached))

    def matching(self, facts: OfferFacts) -> BitMap:
        """The ids of the searches this offer matches."""
        refused = [
            self._refused(facet, restricting, facts.values.get(facet))
            for facet, restricting in self._restricting.items()
            if restricting
        ]
        result = self.all - BitMap.union(*refused) if refused else BitMap(self.all)
        if not result:
            return result
        if result.intersect(self._with_places):
            result = self._within_reach(result, facts)
        if not result.intersect(self._with_keywords):
            return result
        # The queries anchored on a word of the offer and met by it, then their searches at
        # once: one intersection with the result, not one per query.
        met = [
            group.searches
            for token in facts.token_set & self._anchored.keys()
            for group in self._anchored[token].values()
            if group.compiled.matches(facts)
        ]
        without_keywords = result - self._with_keywords
        if not met:
            return without_keywords
        return without_keywords | (result & BitMap.union(*met))
