"""Saving, listing, renaming, deleting saved searches and switching their alert.

Criteria are validated like a search (unknown codes refused) and stored as the results page's
URL query, so a saved search runs again by opening its address.
"""

from __future__ import annotations

from models.accounts.tables import Account
from models.clock import now
from models.errors import ErrorCode, UserErrors
from models.reference.labels import vocabulary
from models.saved_searches.tables import AlertFrequency, SavedSearch
from models.search.criteria import (
    InvalidCriteria,
    SearchCriteria,
    criteria_from_query,
    criteria_to_query,
)

__all__ = [
    "MAX_SAVED_SEARCHES",
    "NAME_MAX",
    "criteria_of",
    "delete_saved_search",
    "rename_saved_search",
    "save_search",
    "saved_search_of",
    "saved_searches_of",
    "set_alert",
    "set_alert_frequency",
]

NAME_MAX = 100
MAX_SAVED_SEARCHES = 50


def _clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise UserErrors.one("name", ErrorCode.REQUIRED, "Donnez un nom à cette recherche.")
    if len(name) > NAME_MAX:
        raise UserErrors.one("name", ErrorCode.TOO_LONG, f"{NAME_MAX} caractères au plus.")
    return name


async def criteria_of(search: SavedSearch) -> SearchCriteria:
    params: dict[str, list[str]] = {}
    for name, value in search.query:
        params.setdefault(name, []).append(value)
    return criteria_from_query(params, vocabulary=await vocabulary())


async def save_search(candidate: Account, name: str, criteria: SearchCriteria) -> SavedSearch:
    clean = _clean_name(name)
    if criteria.has_dates():
        # An alert follows the offers published from now on: a date would be either redundant
        # or, once past, meaningless; kept out rather than silently dropped.
        raise UserErrors.one(
            "filter.published_since" if criteria.published_since else "filter.updated_since",
            ErrorCode.INVALID,
            "Une recherche sauvegardée ne retient pas de date de publication ou de mise à "
            "jour : son alerte suit déjà les nouvelles offres.",
        )
    if await SavedSearch.filter(candidate=candidate).count() >= MAX_SAVED_SEARCHES:
        raise UserErrors.one(
            None,
            ErrorCode.LIMIT_REACHED,
            f"Vous avez déjà {MAX_SAVED_SEARCHES} recherches sauvegardées : supprimez-en une.",
        )
    # Re-checked against today's codes: criteria built elsewhere must not slip in a stale code.
    query = criteria_to_query(criteria)
    try:
        await criteria_of(SavedSearch(query=[list(pair) for pair in query]))
    except InvalidCriteria as invalid:
        raise UserErrors.one("filter", invalid.code, invalid.message) from None
    return await SavedSearch.create(
        candidate=candidate, name=clean, query=[list(pair) for pair in query]
    )


async def saved_searches_of(candidate: Account) -> list[SavedSearch]:
    return await SavedSearch.filter(candidate=candidate).order_by("-created_at", "-id")


async def saved_search_of(candidate: Account, search_id: int) -> SavedSearch:
    """Another candidate's search is « introuvable », exactly like a missing one."""
    search = await SavedSearch.get_or_none(id=search_id, candidate=candidate)
    if search is None:
        raise UserErrors.one("id", ErrorCode.NOT_FOUND, "Recherche sauvegardée introuvable.")
    return search


async def rename_saved_search(candidate: Account, search_id: int, name: str) -> SavedSearch:
    search = await saved_search_of(candidate, search_id)
    search.name = _clean_name(name)
    await search.save(update_fields=["name"])
    return search


async def delete_saved_search(candidate: Account, search_id: int) -> None:
    search = await saved_search_of(candidate, search_id)
    await search.delete()


async def set_alert(candidate: Account, search_id: int, enabled: bool) -> SavedSearch:
    search = await saved_search_of(candidate, search_id)
    if search.alert_enabled != enabled:
        search.alert_enabled = enabled
        search.alert_changed_at = now()
        await search.save(update_fields=["alert_enabled", "alert_changed_at"])
    return search


async def set_alert_frequency(
    candidate: Account, search_id: int, frequency: AlertFrequency
) -> SavedSearch:
    """Instant mails or a daily digest; the alert's on/off state is left as it is."""
    search = await saved_search_of(candidate, search_id)
    if search.alert_frequency is not frequency:
        search.alert_frequency = frequency
        await search.save(update_fields=["alert_frequency", "updated_at"])
    return search
