"""For a search that finds nothing: which criterion to drop, and how many offers that gives.

Each candidate drops one thing: a facet's whole selection (« sans « Région : Bretagne,
Normandie » »), the diploma level, one keyword or one quoted phrase, one place (« sans « Lieu :
Rennes (20 km) » »); or widens one place's radius to the smallest step that finds offers (« à 50
km de Rennes au lieu de 20 »), as La bonne alternance widens before showing nothing. Each count is
the total the relaxed criteria really give (the facets' counts come from the same bitmaps), and
only those that find something are offered, most results first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from models.reference.labels import vocabulary
from models.search.criteria import (
    FACET_LABELS,
    FACETS,
    MAX_RADIUS_KM,
    Facet,
    Near,
    SearchCriteria,
)
from models.search.facet_index import FacetIndex, current_facet_index
from models.search.offers import matching
from models.search.place_words import within
from models.search.text import KeywordQuery, parse_keywords, words

# A word as typed: letters and digits, accents kept.
_TOKEN = re.compile(r"[^\W_]+")

__all__ = ["MAX_RELAXATIONS", "RADIUS_STEPS", "Relaxation", "relax_search"]

MAX_RELAXATIONS = 8
# The radii a place is widened to, as the site's radius choice offers them (and 200 km, the
# largest radius a search takes): each a clear step, not a creep by one kilometre.
RADIUS_STEPS = tuple(r for r in (5, 10, 20, 50, 100, 200) if r <= MAX_RADIUS_KM)


@dataclass(frozen=True, slots=True)
class Relaxation:
    label: str  # « sans « Région : Bretagne » »
    count: int  # the total the criteria below give
    criteria: SearchCriteria


def _without_facet(criteria: SearchCriteria, facet: Facet) -> SearchCriteria:
    if facet is Facet.DIPLOMA_LEVELS:
        return replace(criteria, diploma_level=None)
    changes: dict[str, Any] = {facet.value: frozenset()}  # the field named like the facet
    return replace(criteria, **changes)


def _spellings(raw: str) -> dict[str, str]:
    """Each folded word of a keyword box, as the candidate typed it (« numérique »)."""
    found: dict[str, str] = {}
    for token in _TOKEN.findall(raw):
        for word in words(token):
            found.setdefault(word, token if words(token) == [word] else word)
    return found


def _keyword_relaxations(criteria: SearchCriteria) -> list[tuple[str, SearchCriteria]]:
    """The keywords with one word, or one quoted phrase, dropped; the others keep the
    candidate's spelling."""
    query = criteria.keyword_query
    typed = _spellings(criteria.keywords)

    def relaxed(rest: KeywordQuery) -> SearchCriteria:
        text = " ".join(
            [typed.get(w, w) for w in rest.words]
            + ['"' + " ".join(typed.get(w, w) for w in p) + '"' for p in rest.phrases]
        )
        return replace(criteria, keywords=text, _parsed=parse_keywords(text))

    found = []
    for word in query.words:
        rest = KeywordQuery(tuple(w for w in query.words if w != word), query.phrases)
        found.append((f"sans le mot « {typed.get(word, word)} »", relaxed(rest)))
    for phrase in query.phrases:
        rest = KeywordQuery(query.words, tuple(p for p in query.phrases if p != phrase))
        spelt = " ".join(typed.get(w, w) for w in phrase)
        found.append((f"sans l'expression « {spelt} »", relaxed(rest)))
    return found


def _place_label(place: Near) -> str:
    return f"{place.name or place.commune_code} ({place.radius_km} km)"


async def _place_relaxations(criteria: SearchCriteria, index: FacetIndex) -> list[Relaxation]:
    """Each place dropped, and each place's radius widened to the smallest step that finds
    offers (a step that still finds nothing is no rescue: the next one is tried)."""
    found = []
    for number, place in enumerate(criteria.near):
        others = criteria.near[:number] + criteria.near[number + 1 :]
        dropped = replace(criteria, near=others)
        count = len((await matching(dropped, index)).results())
        found.append(Relaxation(f"sans « Lieu : {_place_label(place)} »", count, dropped))
        for radius in (r for r in RADIUS_STEPS if r > place.radius_km):
            wider = replace(place, radius_km=radius)
            widened = replace(criteria, near=(*criteria.near[:number], wider, *others[number:]))
            count = len((await matching(widened, index)).results())
            if count:
                label = f"{within(place, radius)} au lieu de {place.radius_km}"
                found.append(Relaxation(label, count, widened))
                break
    return found


async def relax_search(criteria: SearchCriteria) -> list[Relaxation]:
    """The criteria with one thing dropped or widened that find offers, most results first (at most
    MAX_RELAXATIONS). Meant for a search that found nothing; empty for no criteria."""
    index = await current_facet_index()
    words = await vocabulary()
    found = await matching(criteria, index)
    relaxations: list[Relaxation] = []
    for facet in FACETS:
        chosen = criteria.selected(facet)
        if not chosen:
            continue
        labels = words.of(facet.value)
        values = ", ".join(sorted(labels.get(v, v) for v in chosen))
        label = f"sans « {FACET_LABELS[facet]} : {values} »"
        count = len(found.without(facet))
        relaxations.append(Relaxation(label, count, _without_facet(criteria, facet)))
    for label, relaxed in _keyword_relaxations(criteria):
        count = len((await matching(relaxed, index)).results())
        relaxations.append(Relaxation(label, count, relaxed))
    relaxations += await _place_relaxations(criteria, index)
    useful = [r for r in relaxations if r.count > 0]
    useful.sort(key=lambda r: -r.count)  # stable: facets, keywords, then places, in order
    return useful[:MAX_RELAXATIONS]
