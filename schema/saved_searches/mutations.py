"""`saveSearch`, `renameSavedSearch`, `deleteSavedSearch`, `setSavedSearchAlert`."""

from __future__ import annotations

import strawberry

from models.errors import UserErrors
from models.saved_searches import AlertFrequency as AlertFrequencyValue
from models.saved_searches import (
    delete_saved_search,
    rename_saved_search,
    save_search,
    set_alert,
    set_alert_frequency,
)
from models.search import InvalidCriteria, SearchCriteria
from schema.accounts.auth import require_account
from schema.context import Info
from schema.inputs import row_id
from schema.offers.queries import OfferFilter, build_criteria
from schema.saved_searches.types import AlertFrequency, SavedSearch, saved_search_from_row
from schema.user_errors import UserError, user_errors_as

__all__ = ["SavedSearchMutation"]


@strawberry.type
class SavedSearchPayload:
    saved_search: SavedSearch | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteSavedSearchPayload:
    ok: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _id(raw: strawberry.ID) -> int:
    return row_id(raw)


async def _criteria(search: OfferFilter) -> SearchCriteria:
    """For mutations: a wrong filter is the user's to fix, a `userErrors` entry."""
    try:
        return await build_criteria(search)
    except InvalidCriteria as error:
        raise UserErrors.one(f"filter.{error.field}", error.code, error.message) from None


@strawberry.type
class SavedSearchMutation:
    @strawberry.mutation(description="Saves the criteria under a name (alert off).")
    @user_errors_as(SavedSearchPayload)
    async def save_search(self, info: Info, name: str, filter: OfferFilter) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await save_search(candidate, name, await _criteria(filter))
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation
    @user_errors_as(SavedSearchPayload)
    async def rename_saved_search(
        self, info: Info, id: strawberry.ID, name: str
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await rename_saved_search(candidate, _id(id), name)
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation
    @user_errors_as(DeleteSavedSearchPayload)
    async def delete_saved_search(self, info: Info, id: strawberry.ID) -> DeleteSavedSearchPayload:
        candidate = await require_account(info)
        await delete_saved_search(candidate, _id(id))
        return DeleteSavedSearchPayload(ok=True)

    @strawberry.mutation(description="Switches the e-mail alert of a saved search on or off.")
    @user_errors_as(SavedSearchPayload)
    async def set_saved_search_alert(
        self, info: Info, id: strawberry.ID, enabled: bool
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await set_alert(candidate, _id(id), enabled)
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation(
        description="Instant mails or a daily digest for this saved search's alert (its on/off "
        "state stays as it is)."
    )
    @user_errors_as(SavedSearchPayload)
    async def set_saved_search_alert_frequency(
        self, info: Info, id: strawberry.ID, frequency: AlertFrequency
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await set_alert_frequency(candidate, _id(id), AlertFrequencyValue(frequency.value))
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))
