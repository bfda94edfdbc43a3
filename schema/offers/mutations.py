"""`createOffer`, `updateOffer`, `publishOffer`, `archiveOffer`: for recruiter and admin accounts.

A candidate's token gets a FORBIDDEN error (abuse, not a mistake to fix); a recruiter reaching
outside their administration, or wrong input, gets `userErrors`.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from dataclasses import fields
from typing import Any

import strawberry

from models.accounts import Account as AccountRow
from models.errors import ErrorCode, UserErrors
from models.offers import Offer as OfferRow
from models.offers import (
    OfferDraft,
    archive_offer,
    create_offer,
    may_publish,
    publish_offer,
    update_offer,
)
from models.reference import OfferType as DomainOfferType
from models.reference import vocabulary
from schema.accounts.auth import require_account
from schema.context import Info
from schema.errors import bad_request
from schema.inputs import is_reference
from schema.offers.types import Offer, OfferType, offer_from_row
from schema.user_errors import UserError, user_errors_as

__all__ = ["OfferInput", "OfferMutation"]


@strawberry.input(
    description="An offer's content. Rich-text fields take HTML, sanitised on the way in "
    "(paragraphs, lists, emphasis, links). In France give the commune (`communeCode`): city, "
    "department and region follow from it (a department or region given beside it must agree); "
    "or a department, the region following from it (a city named like one of its communes is "
    "that commune). Abroad, give the country only. Contact: an e-mail or a web address."
)
class OfferInput:
    type: OfferType
    title: str
    diploma_level: str = strawberry.field(description="A code of `diplomaLevels`.")
    domain: str = strawberry.field(description="A code of `domains`.")
    administration: str = strawberry.field(description="A code of `administrations`.")
    service: str
    post_description: str
    employer_description: str = ""
    profile: str = ""
    additional_information: str = ""
    comments: str = ""
    workplace: str = ""
    city: str = ""
    commune_code: str | None = strawberry.field(
        default=None,
        description="The commune's INSEE code (« 67482 » for Strasbourg; see `places`): the "
        "offer is then found by place and radius.",
    )
    department_code: str | None = None
    region_code: str | None = None
    country_code: str = "FR"
    contract_start: datetime.date | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_url: str = ""
    expires_on: datetime.date | None = None

    def draft(self) -> OfferDraft:
        # The same names as the domain's draft; only the type changes hands (API enum → domain).
        values: dict[str, Any] = {
            f.name: getattr(self, f.name)
            for f in fields(OfferDraft)
            if f.name not in ("type", "reference")
        }
        return OfferDraft(type=DomainOfferType(self.type.value), **values)


# The domain's own answer for an unknown reference (models.offers.editing).
_NOT_FOUND = "Offre introuvable."


@strawberry.type
class OfferPayload:
    offer: Offer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _publisher(info: Info) -> AccountRow:
    account = await require_account(info)
    if not may_publish(account):
        raise bad_request("Only recruiter and admin accounts manage offers.", "FORBIDDEN")
    return account


@user_errors_as(OfferPayload)
async def _payload(
    action: Callable[[], Awaitable[OfferRow]], reference: str | None = None
) -> OfferPayload:
    if reference is not None and not is_reference(reference.strip()):
        # Too long for the column: no such offer (the database would refuse the query).
        raise UserErrors.one("reference", ErrorCode.NOT_FOUND, _NOT_FOUND)
    row = await action()
    return OfferPayload(offer=offer_from_row(row, await vocabulary()))


@strawberry.type
class OfferMutation:
    @strawberry.mutation(description="A new draft offer, numbered (« S-2026-0042 »), not yet seen.")
    async def create_offer(self, info: Info, input: OfferInput) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: create_offer(account, input.draft()))

    @strawberry.mutation(
        description="Replaces a draft's or a published offer's content (its type stays)."
    )
    async def update_offer(self, info: Info, reference: str, input: OfferInput) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: update_offer(account, reference, input.draft()), reference)

    @strawberry.mutation(
        description="Publishes a draft: it appears in searches, alerts and `offerPublished`."
    )
    async def publish_offer(self, info: Info, reference: str) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: publish_offer(account, reference), reference)

    @strawberry.mutation(description="Withdraws an offer from the searches; its page stays.")
    async def archive_offer(self, info: Info, reference: str) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: archive_offer(account, reference), reference)
