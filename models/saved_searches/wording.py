"""Saved criteria in words, for « Mes recherches »: « Stage · « data » · Île-de-France »."""

from __future__ import annotations

from models.reference.labels import Vocabulary
from models.search.criteria import Facet, SearchCriteria
from models.search.place_words import within

__all__ = ["describe_criteria"]

_PREFIX = {
    Facet.DOMAINS: "Domaine",
    Facet.ADMINISTRATIONS: "Administration",
    Facet.REGIONS: "Région",
    Facet.DEPARTMENTS: "Département",
    Facet.COUNTRIES: "Pays",
}


def describe_criteria(criteria: SearchCriteria, words: Vocabulary) -> str:
    parts: list[str] = []
    types = sorted(words.types.get(t.value, t.value) for t in criteria.types)
    parts.append(" ou ".join(types) if types else "Toutes les offres")
    if criteria.keywords:
        parts.append(f"mots-clés « {criteria.keywords} »")
    if criteria.diploma_level:
        parts.append(words.diploma_levels.get(criteria.diploma_level, criteria.diploma_level))
    for facet, prefix in _PREFIX.items():
        chosen = criteria.selected(facet)
        if chosen:
            labels = sorted(words.of(facet.value).get(code, code) for code in chosen)
            parts.append(f"{prefix} : {', '.join(labels)}")
    places = [within(n) for n in criteria.near]
    if places:
        parts.append(" et ".join(places))
    return " · ".join(parts)
