"""`saveSearch`, `renameSavedSearch`, `deleteSavedSearch`, `setSavedSearchAlert`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.errors import UserErrors
from models.saved_searches import (
    MAX_SAVED_SEARCHES,
    NAME_MAX,
    delete_saved_search,
    rename_saved_search,
    save_search,
    set_alert,
    set_alert_frequency,
)
from models.saved_searches import AlertFrequency as AlertFrequencyValue
from models.search import InvalidCriteria, SearchCriteria
from schema.accounts.auth import require_account
from schema.context import Info
from schema.inputs import row_id
from schema.offers.queries import OfferFilter, build_criteria
from schema.saved_searches.types import AlertFrequency, SavedSearch, saved_search_from_row
from schema.user_errors import UserError, user_errors_as

__all__ = ["SavedSearchMutation"]


@strawberry.type(description="What a saved-search mutation did.")
class SavedSearchPayload:
    saved_search: SavedSearch | None = strawberry.field(
        default=None, description="The saved search as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (nothing was changed); empty on success.",
    )


@strawberry.type(description="What `deleteSavedSearch` did.")
class DeleteSavedSearchPayload:
    ok: bool = strawberry.field(
        default=False, description="True when the saved search was deleted."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (NOT_FOUND: no such search of this account); empty on "
        "success.",
    )


# Every mutation here acts on the caller's own saved searches.
_SIGNED_IN = (
    "Requires a signed-in account (`Authorization: Bearer <token>`; an UNAUTHENTICATED error "
    "without one)."
)
_ID = (
    "The saved search's `id`; one that is not the account's (or no longer exists) is "
    "NOT_FOUND in `userErrors`."
)
_NAME = (
    f"The name to show it under, at most {NAME_MAX} characters (spaces tidied); "
    "REQUIRED when blank, TOO_LONG beyond."
)


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
    @strawberry.mutation(
        description=f"Saves the criteria under a name (alert off); at most "
        f"{MAX_SAVED_SEARCHES} per account (LIMIT_REACHED). " + _SIGNED_IN
    )
    @user_errors_as(SavedSearchPayload)
    async def save_search(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description=_NAME)],
        filter: Annotated[
            OfferFilter,
            strawberry.argument(
                description="The criteria, checked as `offers` checks them; a wrong value is a "
                "`userErrors` entry whose `field` is its path (`filter.regions`)."
            ),
        ],
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await save_search(candidate, name, await _criteria(filter))
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation(description="Gives a saved search a new name. " + _SIGNED_IN)
    @user_errors_as(SavedSearchPayload)
    async def rename_saved_search(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        name: Annotated[str, strawberry.argument(description=_NAME)],
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await rename_saved_search(candidate, _id(id), name)
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation(
        description="Deletes a saved search, and its alert with it, for good. " + _SIGNED_IN
    )
    @user_errors_as(DeleteSavedSearchPayload)
    async def delete_saved_search(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description=_ID)]
    ) -> DeleteSavedSearchPayload:
        candidate = await require_account(info)
        await delete_saved_search(candidate, _id(id))
        return DeleteSavedSearchPayload(ok=True)

    @strawberry.mutation(
        description="Switches the e-mail alert of a saved search on or off. " + _SIGNED_IN
    )
    @user_errors_as(SavedSearchPayload)
    async def set_saved_search_alert(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        enabled: Annotated[
            bool,
            strawberry.argument(
                description="True to mail new matching offers (only those published from now "
                "on), false to stop."
            ),
        ],
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await set_alert(candidate, _id(id), enabled)
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))

    @strawberry.mutation(
        description="Instant mails or a daily digest for this saved search's alert (its on/off "
        "state stays as it is). " + _SIGNED_IN
    )
    @user_errors_as(SavedSearchPayload)
    async def set_saved_search_alert_frequency(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        frequency: Annotated[
            AlertFrequency, strawberry.argument(description="How the alert mails new offers.")
        ],
    ) -> SavedSearchPayload:
        candidate = await require_account(info)
        row = await set_alert_frequency(candidate, _id(id), AlertFrequencyValue(frequency.value))
        return SavedSearchPayload(saved_search=await saved_search_from_row(row))
