"""Does one offer match one set of criteria? The in-memory twin of the SQL search.

Facets: OR within one, AND across them. Keywords: every word, stemmed, among the offer's
words; every phrase, as consecutive words — the token stream the SQLite FTS5 index stores, so
both answer alike (a property test holds them together).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from models.offers.tables import Offer
from models.search.criteria import FACETS, Facet, Near, SearchCriteria
from models.search.published_offers import indexed
from models.search.text import STOP_TOKEN, KeywordQuery, index_words, stem, stop_words

__all__ = [
    "CompiledKeywords",
    "OfferFacts",
    "compile_keywords",
    "facts_of",
    "keywords_match",
    "matches",
    "near_match",
]


@dataclass(frozen=True, slots=True)
class OfferFacts:
    values: dict[Facet, str | None]
    tokens: tuple[str, ...]
    token_set: frozenset[str]
    latitude: float | None = None
    longitude: float | None = None


def facts_of(offer: Offer) -> OfferFacts:
    row = {
        "id": offer.id,
        "seq": offer.seq or 0,
        "type": offer.type,
        "diploma_level": offer.diploma_level,
        "domain_id": offer.domain_id,  # type: ignore[attr-defined]
        "administration_id": offer.administration_id,  # type: ignore[attr-defined]
        "region_code": offer.region_code,
        "department_code": offer.department_code,
        "country_code": offer.country_code,
        "expires_on": offer.expires_on,
    }
    tokens = tuple(index_words(offer.search_title + " " + offer.search_body).split())
    return OfferFacts(
        indexed(row).values, tokens, frozenset(tokens), offer.latitude, offer.longitude
    )


def _contains_run(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    width = len(run)
    first = run[0]
    at = -1
    try:
        while True:
            at = tokens.index(first, at + 1)  # in C: offers hold hundreds of tokens
            if tokens[at : at + width] == run:
                return True
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class CompiledKeywords:
    """A keyword query as the offer's token stream is checked against: stems and runs."""

    # Every stem the offer must contain, those of the phrases included: a cheap test first.
    stems: frozenset[str]
    runs: tuple[tuple[str, ...], ...]
    # A stem that every matching offer contains (a query always has a word that is not a
    # stop word), to find the queries worth checking from the words of an offer.
    anchor: str

    def matches(self, facts: OfferFacts) -> bool:
        if not self.stems <= facts.token_set:
            return False
        return not self.runs or all(_contains_run(facts.tokens, run) for run in self.runs)


@lru_cache(maxsize=4096)
def compile_keywords(query: KeywordQuery) -> CompiledKeywords:
    stops = stop_words()
    stems = frozenset(stem(word) for word in query.words)
    runs = tuple(
        tuple(STOP_TOKEN if w in stops else stem(w) for w in phrase) for phrase in query.phrases
    )
    stems |= {token for run in runs for token in run if token != STOP_TOKEN}
    anchor = max(sorted(stems), key=len)
    return CompiledKeywords(stems, runs, anchor)


def keywords_match(query: KeywordQuery, facts: OfferFacts) -> bool:
    return compile_keywords(query).matches(facts)


def near_match(places: tuple[Near, ...], facts: OfferFacts) -> bool:
    """Within reach of every place: the test the search's index makes at its circles' edges."""
    if not places:
        return True
    latitude, longitude = facts.latitude, facts.longitude
    if latitude is None or longitude is None:
        return False
    return all(p.circle.contains(latitude, longitude) for p in places)


def matches(criteria: SearchCriteria, facts: OfferFacts) -> bool:
    for facet in FACETS:
        chosen = criteria.selected(facet)
        if chosen and facts.values.get(facet) not in chosen:
            return False
    if not near_match(criteria.near, facts):
        return False
    parsed = criteria.keyword_query
    return not parsed or keywords_match(parsed, facts)
