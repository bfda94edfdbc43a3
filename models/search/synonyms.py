"""Synonyms and abbreviations of the field, applied to an offer's words when it is indexed.

Each group below lists words or phrases that mean the same thing to a candidate. An offer whose
text holds one of them is indexed with the words of all the others as well, so a search for any
of them finds it. Expanding the indexed text, never the query, gives one meaning by
construction: the SQLite and PostgreSQL indexes, the facet index's term bitmaps, alert matching
and live subscriptions all read the same indexed words, and the query side stays as it was.

How a term is recognised in an offer:
- by its stems, stop words aside (« système d'information » and « systèmes d’information »
  alike; « brevet de technicien supérieur » also written « brevet technicien supérieur »);
- a term written here in capitals is an abbreviation recognised only when the offer writes it
  in capitals: « SI », « BUT » and « CAP » are also ordinary words (« if », « goal », « cape »)
  that must not make every offer an IT or a diploma offer.
Groups are closed under containment: an offer holding « direction des systèmes d'information »
also holds « systèmes d'information », and gets « SI » too.

Changing this table changes the indexed words of stored offers: add a migration that recomputes
them (see migration 0011), or offers published before the change keep their old words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from models.search.text import stem, stop_words, words

__all__ = ["SYNONYMS", "synonym_groups", "synonym_stems", "synonym_words", "words_of_groups"]

# Reviewed by hand: add a group only when a candidate typing any member expects offers that
# write any other. Left out on purpose: « com » and « dev », found in every web address an
# offer quotes (« exemple.com », « dev.gouv.fr »); « alternant ↔ apprenti », which stemming
# already joins to « alternance » (« altern »), and which would give every stage that
# mentions the apprentices of a service to a search for « alternance ». Kept although it is
# sometimes a mail box (« info@… »): « info », typed for « informatique » far more often.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("alternance", "apprentissage"),
    ("RH", "ressources humaines"),
    ("GRH", "gestion des ressources humaines"),
    ("SI", "systèmes d'information"),
    ("DSI", "direction des systèmes d'information"),
    ("SIG", "système d'information géographique"),
    ("BTS", "brevet de technicien supérieur"),
    # The DUT became the first two years of the BUT in 2021: recruiters still ask for either.
    ("BUT", "bachelor universitaire de technologie", "DUT", "diplôme universitaire de technologie"),
    ("CAP", "certificat d'aptitude professionnelle"),
    ("bac", "baccalauréat"),
    ("bac pro", "baccalauréat professionnel"),
    ("licence pro", "licence professionnelle"),
    ("compta", "comptabilité", "comptable"),
    ("info", "informatique"),
    ("IA", "intelligence artificielle"),
    ("BTP", "bâtiment travaux publics"),
    ("RGPD", "règlement général sur la protection des données"),
)


@dataclass(frozen=True, slots=True)
class _Term:
    stems: tuple[str, ...]  # its stems, stop words aside
    capitals: str | None  # for an abbreviation: the offer must write it so
    words: tuple[str, ...]  # what the offer is given when another term of its group is found


@dataclass(frozen=True, slots=True)
class _Group:
    terms: tuple[_Term, ...]
    words: tuple[str, ...]  # those of all its terms
    # This group and the groups its terms contain, transitively (by position in SYNONYMS).
    reached: frozenset[int]


def _stems(text_words: Sequence[str]) -> tuple[str, ...]:
    stops = stop_words()
    return tuple(stem(w) for w in text_words if w not in stops)


def _term(text: str) -> _Term:
    folded = words(text)
    return _Term(_stems(folded), text if text.isupper() else None, tuple(folded))


@cache
def _capitals() -> re.Pattern[str]:
    """Every abbreviation of the table, as a whole word in capitals: one search per text."""
    found = sorted({t for group in SYNONYMS for t in group if t.isupper()}, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(" + "|".join(map(re.escape, found)) + r")(?![^\W_])")


def _holds(stems: tuple[str, ...], run: tuple[str, ...]) -> bool:
    width = len(run)
    return any(stems[at : at + width] == run for at in range(len(stems) - width + 1))


@cache
def _groups() -> tuple[_Group, ...]:
    raw = [tuple(_term(t) for t in group) for group in SYNONYMS]
    own_words = [tuple(w for term in terms for w in term.words) for terms in raw]
    # Group i contains group j when a term of j is found in the words of i's terms.
    contains = [
        {
            j
            for j, other in enumerate(raw)
            if j != i and any(_holds(_stems(list(t.words)), o.stems) for t in terms for o in other)
        }
        for i, terms in enumerate(raw)
    ]
    groups = []
    for i, terms in enumerate(raw):
        reached, todo = {i}, [i]
        while todo:
            for j in contains[todo.pop()] - reached:
                reached.add(j)
                todo.append(j)
        groups.append(_Group(terms, own_words[i], frozenset(reached)))
    return tuple(groups)


def synonym_groups(text: str, text_words: Sequence[str] | None = None) -> frozenset[int]:
    """The groups (by position in SYNONYMS) one of whose terms the text holds, and those they
    contain; `text_words`: its words (models.search.text.words) when the caller has them."""
    stems = _stems(words(text) if text_words is None else text_words)
    present = set(stems)
    abbreviations = set(_capitals().findall(text))
    groups = _groups()
    reached: set[int] = set()
    for group in groups:
        if group.reached <= reached:
            continue
        for term in group.terms:
            if term.capitals is not None:
                hit = term.capitals in abbreviations
            else:
                hit = term.stems[0] in present and _holds(stems, term.stems)
            if hit:
                reached |= group.reached
                break
    return frozenset(reached)


def words_of_groups(reached: Iterable[int]) -> list[str]:
    """The folded words of the groups' terms, in the table's order."""
    groups = _groups()
    return [w for i in sorted(set(reached)) for w in groups[i].words]


def synonym_words(text: str) -> list[str]:
    """The folded words an indexed text gets from the table: those of every group one of whose
    terms the text holds."""
    return words_of_groups(synonym_groups(text))


def synonym_stems(query_stems: Sequence[str]) -> frozenset[str]:
    """The stems of every term sharing a group with a term the query writes (its stems, stop
    words aside, in order), and of the groups those contain: the words that made an offer
    match although it does not write the query's own (« RH » found by « ressources humaines »)."""
    groups = _groups()
    reached: set[int] = set()
    for number, group in enumerate(groups):
        if number not in reached and any(_holds(tuple(query_stems), t.stems) for t in group.terms):
            reached |= group.reached
    return frozenset(s for i in reached for term in groups[i].terms for s in term.stems)
