"""A saved offer as its owner sees it, and the page of them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry import relay

from models.favourites import MAX_SAVED_OFFERS, SavedOffersPage, SavedOfferView
from models.reference import Vocabulary
from schema.offers.types import Offer, offer_from_row

__all__ = [
    "SavedOfferConnection",
    "SavedOfferEdge",
    "SavedOfferState",
    "saved_offer_edge",
    "saved_offers_page",
]


@strawberry.enum(description="Whether a saved offer is still open to applications.")
class SavedOfferState(Enum):
    _value_: str
    OPEN = strawberry.enum_value("open", description="Published, before its end date.")
    EXPIRED = strawberry.enum_value(
        "expired", description="Its end date has passed; it stays listed, for memory."
    )
    WITHDRAWN = strawberry.enum_value(
        "withdrawn",
        description="Archived by its recruiter before its end date; it stays listed, for memory.",
    )


@strawberry.type(description="An offer the candidate saved, with when and its reminder.")
class SavedOfferEdge:
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` to get the offers saved before this one."
    )
    node: Offer = strawberry.field(description="The offer, as `offer(reference:)` gives it.")
    saved_at: datetime = strawberry.field(
        description="When it was saved (ISO 8601 date and time with its offset, in UTC); "
        "saving it again does not change it."
    )
    remind_before_deadline: bool = strawberry.field(
        description="Whether a mail reminds the candidate of it 3 days before its application "
        "deadline (once; none for an offer without a deadline)."
    )
    state: SavedOfferState = strawberry.field(
        description="OPEN, EXPIRED (past its end date) or WITHDRAWN (archived early)."
    )
    expired: bool = strawberry.field(
        description="True when it no longer takes applications (EXPIRED or WITHDRAWN), as "
        "`Offer.expired`."
    )


@strawberry.type(
    description=f"The candidate's saved offers, most recently saved first; at most "
    f"{MAX_SAVED_OFFERS} in all."
)
class SavedOfferConnection:
    edges: list[SavedOfferEdge] = strawberry.field(
        description="The saved offers of this page; at most `first`."
    )
    page_info: relay.PageInfo = strawberry.field(
        description="Whether more follow, and the cursor (`endCursor`) to ask for them."
    )
    total_count: int = strawberry.field(description="How many offers the candidate saved in all.")


def saved_offer_edge(view: SavedOfferView, words: Vocabulary) -> SavedOfferEdge:
    return SavedOfferEdge(
        cursor=view.cursor,
        node=offer_from_row(view.offer, words),
        saved_at=view.saved.saved_at,
        remind_before_deadline=view.saved.remind,
        state=SavedOfferState(view.state.value),
        expired=view.state.value != "open",
    )


def saved_offers_page(
    page: SavedOffersPage, words: Vocabulary, *, after: str | None
) -> SavedOfferConnection:
    return SavedOfferConnection(
        edges=[saved_offer_edge(v, words) for v in page.items],
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.end_cursor,
        ),
        total_count=page.total_count,
    )
