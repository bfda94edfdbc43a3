"""A saved search as an alert mail names it: its name, its criteria in French words (« Stage ·
à 20 km de Rennes »: a name like « Data » does not say where the search looks), and the link
that stops its alert."""

from __future__ import annotations

from models.alerts.unsubscribe import unsubscribe_path
from models.reference.labels import Vocabulary
from models.saved_searches.saved import criteria_of
from models.saved_searches.tables import SavedSearch
from models.saved_searches.wording import describe_criteria
from models.search.criteria import InvalidCriteria

__all__ = ["search_entry"]


async def search_entry(search: SavedSearch, words: Vocabulary, site: str) -> dict[str, str]:
    return {
        "name": search.name,
        "criteria": await _described(search, words),
        "unsubscribe_url": site + unsubscribe_path([search.id]),
    }


# A popular offer alerts thousands of searches, most of them alike (« Stage », an
# administration…): each different one is described once, for as long as the vocabulary lasts.
_KEPT = 4096
_described_with: Vocabulary | None = None
_descriptions: dict[tuple[tuple[str, str], ...], str] = {}


async def _described(search: SavedSearch, words: Vocabulary) -> str:
    global _described_with
    if words is not _described_with or len(_descriptions) >= _KEPT:
        _descriptions.clear()
        _described_with = words
    key = tuple((str(name), str(value)) for name, value in search.query)
    described = _descriptions.get(key)
    if described is None:
        try:
            described = describe_criteria(await criteria_of(search), words)
        except InvalidCriteria:  # a code retired since it was saved: the mail goes without it
            described = ""
        _descriptions[key] = described
    return described
