"""An index of saved searches, so that one new offer finds the searches it matches without
looking at each.

Searches are grouped by their shape, the set of facets they restrict. Within a shape, a search
matches an offer when each restricted facet accepts the offer's value, so the matches of one
shape are the intersection of one small bitmap per restricted facet (the searches of that shape
accepting that value), and a shape whose facets the offer cannot satisfy costs one dictionary
lookup. No step touches the searches that leave a facet open, which are most of them: the cost
follows the number of shapes and of matches, not of searches. Keywords are then checked once
per distinct query, and only for the queries anchored on a word the offer contains.
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
from models.search.text import KeywordQuery

__all__ = ["SavedSearchIndex"]


@dataclass(slots=True)
class _Shape:
    facets: tuple[Facet, ...]
    members: BitMap = field(default_factory=BitMap)
    accepting: dict[Facet, defaultdict[str, BitMap]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.accepting = {f: defaultdict(BitMap) for f in self.facets}

    def matching(self, facts: OfferFacts) -> BitMap | None:
        if not self.facets:
            return self.members
        found: list[BitMap] = []
        for facet in self.facets:
            value = facts.values.get(facet)
            bitmap = self.accepting[facet].get(value) if value is not None else None
            if not bitmap:
                return None
            found.append(bitmap)
        if len(found) == 1:
            return found[0]
        found.sort(key=len)
        return found[0].intersection(*found[1:])


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
        self._shapes: dict[tuple[Facet, ...], _Shape] = {}
        self._criteria: dict[int, SearchCriteria] = {}
        self._keywords: dict[KeywordQuery, _KeywordGroup] = {}
        # Each distinct keyword query under one of its stems (the longest: long words are
        # rarer), which every offer it matches contains.
        self._anchored: defaultdict[str, dict[KeywordQuery, _KeywordGroup]] = defaultdict(dict)
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
        facets = tuple(f for f in FACETS if criteria.selected(f))
        shape = self._shapes.get(facets)
        if shape is None:
            shape = self._shapes[facets] = _Shape(facets)
        shape.members.add(search_id)
        for facet in facets:
            for value in criteria.selected(facet):
                shape.accepting[facet][value].add(search_id)
        query = criteria.keyword_query
        if query:
            group = self._keywords.get(query)
            if group is None:
                group = self._keywords[query] = _KeywordGroup(compile_keywords(query))
                self._anchored[group.compiled.anchor][query] = group
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
        facets = tuple(f for f in FACETS if criteria.selected(f))
        shape = self._shapes[facets]
        shape.members.discard(search_id)
        for facet in facets:
            accepting = shape.accepting[facet]
            for value in criteria.selected(facet):
                bitmap = accepting.get(value)
                if bitmap is not None:
                    bitmap.discard(search_id)
                    if not bitmap:
                        del accepting[value]
        if not shape.members:
            del self._shapes[facets]
        query = criteria.keyword_query
        if query:
            group = self._keywords[query]
            group.searches.discard(search_id)
            if not group.searches:
                del self._keywords[query]
                anchored = self._anchored[group.compiled.anchor]
                del anchored[query]
                if not anchored:
                    del self._anchored[group.compiled.anchor]
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
        parts = [found for shape in self._shapes.values() if (found := shape.matching(facts))]
        if not parts:
            return BitMap()
        result = BitMap(parts[0]) if len(parts) == 1 else BitMap.union(*parts)
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
