"""An index of saved searches, so that one new offer finds the searches it matches without
looking at each: per facet, a bitmap of the searches accepting each value plus one of the
searches that leave the facet open; intersect, then check keywords on the few left."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyroaring import BitMap

from models.alerts.matching import OfferFacts, keywords_match
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.text import KeywordQuery

__all__ = ["SavedSearchIndex"]


class SavedSearchIndex:
    def __init__(self) -> None:
        self._accepting: dict[Facet, defaultdict[str, BitMap]] = {
            f: defaultdict(BitMap) for f in FACETS
        }
        self._open: dict[Facet, BitMap] = {f: BitMap() for f in FACETS}
        # Searches grouped by keyword query: each distinct query is checked once per offer.
        self._by_keywords: dict[KeywordQuery, BitMap] = {}
        self._criteria: dict[int, SearchCriteria] = {}
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
                for value in chosen:
                    self._accepting[facet][value].add(search_id)
            else:
                self._open[facet].add(search_id)
        query = criteria.keyword_query
        if query:
            self._by_keywords.setdefault(query, BitMap()).add(search_id)
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
            for value in chosen:
                bitmap = self._accepting[facet].get(value)
                if bitmap is not None:
                    bitmap.discard(search_id)
            self._open[facet].discard(search_id)
        query = criteria.keyword_query
        if query:
            group = self._by_keywords.get(query)
            if group is not None:
                group.discard(search_id)
                if not group:
                    del self._by_keywords[query]
        self.all.discard(search_id)

    def matching(self, facts: OfferFacts) -> BitMap:
        """The ids of the searches this offer matches."""
        found: BitMap | None = None
        # Narrowest facets first: the intersection shrinks fastest.
        for facet in FACETS:
            value = facts.values.get(facet)
            accepting = self._accepting[facet].get(value) if value is not None else None
            allowed = self._open[facet] | accepting if accepting is not None else self._open[facet]
            found = allowed if found is None else found & allowed
            if not found:
                return BitMap()
        result = found if found is not None else BitMap(self.all)
        for query, group in self._by_keywords.items():
            if result.intersect(group) and not keywords_match(query, facts):
                result -= group
        return result
