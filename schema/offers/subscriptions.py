"""`offerPublished`: new offers matching a filter or a saved search, as they are published."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from models.alerts.matching import facts_of, matches
from models.errors import UserErrors
from models.offers.tables import Offer as OfferRow
from models.offers.tables import OfferStatus
from models.reference.vocabulary import vocabulary
from models.searches.saved import criteria_of, saved_search_of
from schema.accounts.auth import require_candidate
from schema.context import Info
from schema.errors import bad_request
from schema.offers.queries import OfferFilter, criteria_from_filter
from schema.offers.types import Offer, offer_from_row
from server.broker import SubscriberGone, current_broker

__all__ = ["OfferSubscription"]


@strawberry.type
class OfferSubscription:
    @strawberry.subscription(
        description="Each newly published offer matching `filter`, or the saved search "
        '`savedSearchId` (send `{"token": "…"}` in `connection_init`), once, as it is '
        "published. Over `graphql-transport-ws`."
    )
    async def offer_published(
        self,
        info: Info,
        filter: OfferFilter | None = None,
        saved_search_id: strawberry.ID | None = None,
    ) -> AsyncGenerator[Offer, None]:
        if saved_search_id is not None:
            candidate = await require_candidate(info)
            try:
                search = await saved_search_of(candidate, int(saved_search_id))
            except (UserErrors, ValueError):
                raise bad_request("Unknown saved search", "not_found", "savedSearchId") from None
            criteria = await criteria_of(search)
        else:
            criteria = await criteria_from_filter(filter)
        async with current_broker().subscribe() as subscriber:
            while True:
                try:
                    offer_ids = await subscriber.get()
                except SubscriberGone:
                    return
                rows = await OfferRow.filter(id__in=offer_ids, status=OfferStatus.PUBLISHED)
                words = await vocabulary()
                for row in sorted(rows, key=lambda r: r.seq or 0):
                    if matches(criteria, facts_of(row)):
                        yield offer_from_row(row, words)
