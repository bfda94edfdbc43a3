"""The results page's title names the search, so that a tab, a bookmark or the browser's
history tell searches apart: « Stage, « data », Bretagne – 12 offres »."""

from __future__ import annotations

from models.reference import Vocabulary
from models.search import Facet, SearchCriteria, within

__all__ = ["results_title"]

# Beyond this the title is cut after a whole part and ends with « … »: a tab shows about that.
MAX_WORDS_LENGTH = 60
_FACETS = (
    Facet.DOMAINS,
    Facet.ADMINISTRATIONS,
    Facet.REGIONS,
    Facet.DEPARTMENTS,
    Facet.COUNTRIES,
)


def _parts(criteria: SearchCriteria, words: Vocabulary) -> list[str]:
    parts = sorted(words.types.get(t.value, t.value) for t in criteria.types)
    if criteria.keywords:
        parts.append(f"« {criteria.keywords} »")
    if criteria.diploma_level:
        parts.append(words.diploma_levels.get(criteria.diploma_level, criteria.diploma_level))
    for facet in _FACETS:
        parts.extend(sorted(words.of(facet.value).get(c, c) for c in criteria.selected(facet)))
    parts.extend(within(place) for place in criteria.near)
    return parts


def results_title(criteria: SearchCriteria, words: Vocabulary, total: int) -> str:
    """Without « – PASS », which the frame adds."""
    count = "aucune offre" if total == 0 else ("1 offre" if total == 1 else f"{total} offres")
    parts = _parts(criteria, words)
    if not parts:
        return f"Toutes les offres – {count}"
    named = parts[0]
    for part in parts[1:]:
        if len(named) + len(part) + 2 > MAX_WORDS_LENGTH:
            named += ", …"
            break
        named += f", {part}"
    return f"{named} – {count}"
