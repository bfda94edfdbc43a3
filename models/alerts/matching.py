"""Does one offer match one set of criteria? The in-memory twin of the SQL search.

Facets: OR within one, AND across them. Keywords: every word, stemmed, among the offer's
words; every phrase, as consecutive words — the token stream the SQLite FTS5 index stores, so
both answer alike (a property test holds them together).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.offers.tables import Offer
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.published_offers import indexed
from models.search.text import STOP_TOKEN, KeywordQuery, index_words, stem, stop_words

__all__ = ["OfferFacts", "facts_of", "keywords_match", "matches"]


@dataclass(frozen=True, slots=True)
class OfferFacts:
    values: dict[Facet, str | None]
    tokens: tuple[str, ...]
    token_set: frozenset[str]


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
    return OfferFacts(indexed(row).values, tokens, frozenset(tokens))


def _contains_run(tokens: tuple[str, ...], run: tuple[str, ...]) -> bool:
    width = len(run)
    first = run[0]
    return any(
        tokens[i] == first and tokens[i : i + width] == run for i in range(len(tokens) - width + 1)
    )


def keywords_match(query: KeywordQuery, facts: OfferFacts) -> bool:
    if not all(stem(word) in facts.token_set for word in query.words):
        return False
    stops = stop_words()
    for phrase in query.phrases:
        run = tuple(STOP_TOKEN if w in stops else stem(w) for w in phrase)
        if not _contains_run(facts.tokens, run):
            return False
    return True


def matches(criteria: SearchCriteria, facts: OfferFacts) -> bool:
    for facet in FACETS:
        chosen = criteria.selected(facet)
        if chosen and facts.values.get(facet) not in chosen:
            return False
    parsed = criteria.keyword_query
    return not parsed or keywords_match(parsed, facts)
