"""`saveOffer` and `unsaveOffer`: a candidate's saved offers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.favourites import MAX_SAVED_OFFERS, save_offer, saved_offer_view, unsave_offer
from models.reference import vocabulary
from schema.accounts.auth import require_candidate
from schema.context import Info
from schema.favourites.types import SavedOfferEdge, saved_offer_edge
from schema.user_errors import UserError, user_errors_as

__all__ = ["SavedOfferMutation"]


@strawberry.type(description="What `saveOffer` did.")
class SaveOfferPayload:
    saved_offer: SavedOfferEdge | None = strawberry.field(
        default=None, description="The saved offer as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (nothing was changed); empty on success.",
    )


@strawberry.type(description="What `unsaveOffer` did.")
class UnsaveOfferPayload:
    ok: bool = strawberry.field(
        default=False,
        description="True when the offer is not (or no longer) among the saved offers.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (NOT_FOUND: no such offer); empty on success.",
    )


_SIGNED_IN = (
    "Requires a candidate's account (`Authorization: Bearer <token>`; an UNAUTHENTICATED "
    "error without one, FORBIDDEN for a recruiter's or an admin's)."
)
_REFERENCE = (
    "The offer's reference (« S-2026-0042 »); a draft or an unknown reference is NOT_FOUND "
    "in `userErrors`."
)


@strawberry.type
class SavedOfferMutation:
    @strawberry.mutation(
        description=f"Saves an offer to read again (`Candidate.savedOffers`). Saving one "
        f"already saved changes nothing but its reminder. Refused for an offer that no longer "
        f"takes applications and was not saved before (ARCHIVED), and beyond {MAX_SAVED_OFFERS} "
        f"saved offers (LIMIT_REACHED). " + _SIGNED_IN
    )
    @user_errors_as(SaveOfferPayload)
    async def save_offer(
        self,
        info: Info,
        reference: Annotated[str, strawberry.argument(description=_REFERENCE)],
        remind_before_deadline: Annotated[
            bool,
            strawberry.argument(
                description="True to be mailed once, 3 days before the application deadline; "
                "the value given replaces the previous one when the offer was already saved."
            ),
        ] = False,
    ) -> SaveOfferPayload:
        candidate = await require_candidate(info)
        saved = await save_offer(candidate, reference, remind=remind_before_deadline)
        view = await saved_offer_view(saved)
        return SaveOfferPayload(saved_offer=saved_offer_edge(view, await vocabulary()))

    @strawberry.mutation(
        description="Removes an offer from the saved offers; one that is not saved stays so "
        "(no error). " + _SIGNED_IN
    )
    @user_errors_as(UnsaveOfferPayload)
    async def unsave_offer(
        self, info: Info, reference: Annotated[str, strawberry.argument(description=_REFERENCE)]
    ) -> UnsaveOfferPayload:
        candidate = await require_candidate(info)
        await unsave_offer(candidate, reference)
        return UnsaveOfferPayload(ok=True)
