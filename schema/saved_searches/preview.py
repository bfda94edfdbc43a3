"""`alertPreview`: how many mails an alert on some criteria would bring, before it is on."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.alerts import WINDOW_DAYS, alert_preview
from models.alerts import AlertPreview as Preview
from models.errors import UserErrors
from models.search import SearchCriteria
from schema.errors import bad_request
from schema.offers.queries import OfferFilter, criteria_from_filter

__all__ = ["AlertPreview", "AlertPreviewQuery", "checked_alert_criteria"]


@strawberry.type(
    description=f"What an alert on some criteria would have mailed over the last {WINDOW_DAYS} "
    "days: every offer published then that matches them, archived and expired ones included "
    "(they were published then), drafts excluded. Read from a copy of those publications "
    "that each server process refreshes every few minutes."
)
class AlertPreview:
    expected_per_week: float = strawberry.field(
        description=f"`lastNinetyDays` ÷ ({WINDOW_DAYS} / 7): the offers a week the alert "
        "would mail at that pace (the site says « moins d'une offre par semaine » below 1, "
        "« environ N offres par semaine » above)."
    )
    last_ninety_days: int = strawberry.field(
        description=f"Offers published in the last {WINDOW_DAYS} days that match, counted "
        "exactly as alerts match a new offer."
    )


async def checked_alert_criteria(search: OfferFilter) -> SearchCriteria:
    """The filter as an alert's criteria: a wrong code is a GraphQL error, as for every
    query (dates are refused by the domain's `alert_preview`)."""
    return await criteria_from_filter(search)


async def previewed(criteria: SearchCriteria) -> Preview:
    """The domain's preview; its refusal (dated criteria) a GraphQL error like a wrong code,
    named by the filter's GraphQL field."""
    try:
        return await alert_preview(criteria)
    except UserErrors as refused:
        error = refused.errors[0]
        field = {
            "filter.published_since": "filter.publishedSince",
            "filter.updated_since": "filter.updatedSince",
        }.get(error.field or "", error.field)
        raise bad_request(error.message, "INVALID", field) from None


@strawberry.type
class AlertPreviewQuery:
    @strawberry.field(
        description="How many offers an alert on these criteria would mail, from the last "
        f"{WINDOW_DAYS} days' publications: to widen or narrow a search before its alert is "
        "switched on. Public; `SavedSearch.expectedPerWeek` gives the same for a saved search."
    )
    async def alert_preview(
        self,
        filter: Annotated[
            OfferFilter,
            strawberry.argument(
                description="The criteria, as `saveSearch` takes them. A wrong value is a "
                "GraphQL error whose `extensions.code` says why (UNKNOWN_CODE, "
                "TOO_MANY_VALUES, UNKNOWN_PLACE, INVALID_RADIUS; INVALID for "
                "`publishedSince` or `updatedSince`, which alerts never hold) and "
                "`extensions.field` where."
            ),
        ],
    ) -> AlertPreview:
        preview = await previewed(await checked_alert_criteria(filter))
        return AlertPreview(
            expected_per_week=preview.per_week, last_ninety_days=preview.last_ninety_days
        )
