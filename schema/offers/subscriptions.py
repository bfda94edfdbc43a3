"""`offerPublished`: new offers matching a filter or a saved search, as they are published."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from weakref import WeakKeyDictionary

import strawberry

from models.alerts import matches
from models.errors import UserErrors
from models.events import SubscriberGone, live_events
from models.offers import Offer as OfferRow
from models.offers import announced_offers
from models.reference import Vocabulary, vocabulary
from models.saved_searches import criteria_of, saved_search_of
from schema.accounts.auth import require_account
from schema.context import Info
from schema.errors import bad_request
from schema.inputs import row_id
from schema.offers.queries import OfferFilter, criteria_from_filter
from schema.offers.types import Offer, offer_from_row

__all__ = ["OfferSubscription"]


# Every subscriber of a publication gets the same API object, built once (rows are shared by
# models.offers.announced, and dropped with it).
_built: WeakKeyDictionary[OfferRow, Offer] = WeakKeyDictionary()


def _shared_offer(row: OfferRow, words: Vocabulary) -> Offer:
    offer = _built.get(row)
    if offer is None:
        offer = _built[row] = offer_from_row(row, words)
    return offer


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
            candidate = await require_account(info)
            try:
                search = await saved_search_of(candidate, row_id(saved_search_id))
            except UserErrors:
                raise bad_request("Unknown saved search", "NOT_FOUND", "savedSearchId") from None
            criteria = await criteria_of(search)
        else:
            criteria = await criteria_from_filter(filter)
        async with live_events().subscribe() as subscriber:
            while True:
                try:
                    offer_ids = await subscriber.get()
                except SubscriberGone:
                    return
                rows = await announced_offers(offer_ids)
                words = await vocabulary()
                for row, facts in rows:
                    if matches(criteria, facts):
                        yield _shared_offer(row, words)
