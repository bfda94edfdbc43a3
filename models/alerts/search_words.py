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
    try:
        criteria = describe_criteria(await criteria_of(search), words)
    except InvalidCriteria:  # a code retired since it was saved: the mail goes without it
        criteria = ""
    return {
        "name": search.name,
        "criteria": criteria,
        "unsubscribe_url": site + unsubscribe_path([search.id]),
    }
