"""`createOffer`, `updateOffer`, `publishOffer`, `archiveOffer`, `attachOfferPdf`,
`removeOfferAttachment`: for recruiter and admin accounts.

A candidate's token gets a FORBIDDEN error (abuse, not a mistake to fix); a recruiter reaching
outside their administration, or wrong input, gets `userErrors`.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from dataclasses import fields
from typing import Annotated, Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from models.accounts import Account as AccountRow
from models.errors import ErrorCode, UserErrors
from models.offers import (
    MAX_ATTACHMENT_BYTES,
    RICH_TEXT_MAX,
    TEXT_LIMITS,
    OfferDraft,
    archive_offer,
    attach_offer_pdf,
    create_offer,
    may_publish,
    owned_offer,
    publish_offer,
    remove_offer_attachment,
    update_offer,
)
from models.offers import Offer as OfferRow
from models.reference import OfferType as DomainOfferType
from models.reference import vocabulary
from schema.accounts.auth import require_account
from schema.context import Info
from schema.errors import bad_request
from schema.inputs import is_reference
from schema.offers.types import Offer, OfferType, offer_from_row
from schema.user_errors import UserError, user_errors_as

__all__ = ["OfferInput", "OfferMutation"]


def _rich_text(what: str) -> str:
    return f"{what}, HTML, at most {RICH_TEXT_MAX:,} characters; may be empty."


@strawberry.input(
    description="An offer's content. Rich-text fields take HTML, sanitised on the way in "
    "(paragraphs, lists, emphasis, links). In France give the commune (`communeCode`): city, "
    "department and region follow from it (a department or region given beside it must agree); "
    "or a department, the region following from it (a city named like one of its communes is "
    "that commune). Abroad, give the country only. Contact: an e-mail or a web address."
)
class OfferInput:
    type: OfferType = strawberry.field(
        description="Apprenticeship or internship; `updateOffer` refuses to change it (IMMUTABLE)."
    )
    title: str = strawberry.field(
        description=f"Required, plain text, at most {TEXT_LIMITS['title']} characters "
        "(spaces tidied)."
    )
    diploma_level: str = strawberry.field(description="A code of `diplomaLevels`.")
    domain: str = strawberry.field(description="A code of `domains`.")
    administration: str = strawberry.field(description="A code of `administrations`.")
    service: str = strawberry.field(
        description=f"Required: the service the post belongs to, plain text, at most "
        f"{TEXT_LIMITS['service']} characters."
    )
    post_description: str = strawberry.field(
        description=f"Required: the post (missions, activities), HTML, at most "
        f"{RICH_TEXT_MAX:,} characters."
    )
    employer_description: str = strawberry.field(
        default="", description=_rich_text("The employer and its service")
    )
    profile: str = strawberry.field(default="", description=_rich_text("The profile sought"))
    additional_information: str = strawberry.field(
        default="", description=_rich_text("Anything else a candidate should know")
    )
    comments: str = strawberry.field(default="", description=_rich_text("Remarks on the offer"))
    workplace: str = strawberry.field(
        default="",
        description=f"The place of work (a site, an address), plain text, at most "
        f"{TEXT_LIMITS['workplace']} characters; may be empty.",
    )
    city: str = strawberry.field(
        default="",
        description=f"The town, at most {TEXT_LIMITS['city']} characters; replaced by the "
        "commune's name when `communeCode` is given or when it names a commune of the "
        "department.",
    )
    commune_code: str | None = strawberry.field(
        default=None,
        description="The commune's INSEE code (« 67482 » for Strasbourg; see `places`): the "
        "offer is then found by place and radius.",
    )
    department_code: str | None = strawberry.field(
        default=None,
        description="A code of `departments` (« 93 », « 2A »): required in France without "
        "`communeCode`; with it, it must be the commune's department or be left out.",
    )
    region_code: str | None = strawberry.field(
        default=None,
        description="A code of `regions`; it follows from the commune or the department, and "
        "when given must agree with them (INVALID).",
    )
    country_code: str = strawberry.field(
        default="FR",
        description="A code of `countries` (ISO 3166-1 alpha-2); abroad, give only this.",
    )
    contract_start: datetime.date | None = strawberry.field(
        default=None,
        description="When the contract or internship starts (ISO date, « 2026-09-01 »); "
        "null when not said.",
    )
    duration: str = strawberry.field(
        default="",
        description=f"How long the internship or apprenticeship lasts, in plain text (« 6 mois », "
        f"« 2 ans »), at most {TEXT_LIMITS['duration']} characters (spaces tidied); may be empty.",
    )
    contact_name: str = strawberry.field(
        default="",
        description=f"The person or team to write to, at most "
        f"{TEXT_LIMITS['contact_name']} characters; may be empty.",
    )
    contact_email: str = strawberry.field(
        default="",
        description=f"An e-mail address to apply to, at most {TEXT_LIMITS['contact_email']} "
        "characters; this or `contactUrl` is required.",
    )
    contact_phone: str = strawberry.field(
        default="",
        description="A telephone number (French unless it starts with + and a country code), "
        "checked and shown in national format; may be empty.",
    )
    contact_url: str = strawberry.field(
        default="",
        description=f"A web address to apply at, starting with https:// or http://, at most "
        f"{TEXT_LIMITS['contact_url']} characters; this or `contactEmail` is required.",
    )
    expires_on: datetime.date | None = strawberry.field(
        default=None,
        description="The last day of publication and of applications (ISO date, French "
        "calendar), not already past (PAST); null: open-ended.",
    )

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


@strawberry.type(description="What an offer mutation did.")
class OfferPayload:
    offer: Offer | None = strawberry.field(
        default=None, description="The offer as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused, every mistake at once (nothing was changed); empty "
        "on success.",
    )


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


_NO_FILE = (
    "Aucun fichier reçu : envoyez le PDF comme une partie d'une requête multipart (GraphQL "
    "multipart request)."
)
_STAFF = (
    "Requires a recruiter's or an admin's token (without one an UNAUTHENTICATED error, with a "
    "candidate's a FORBIDDEN error); a recruiter manages only their administration's offers "
    "(FORBIDDEN in `userErrors`)."
)
_REFERENCE = (
    "The offer's `reference` (« S-2026-0042 »), drafts included; an unknown one is NOT_FOUND "
    "in `userErrors`."
)


@strawberry.type
class OfferMutation:
    @strawberry.mutation(
        description="A new draft offer, numbered (« S-2026-0042 »), not yet seen. " + _STAFF
    )
    async def create_offer(
        self,
        info: Info,
        input: Annotated[
            OfferInput,
            strawberry.argument(
                description="Its content; a recruiter gives their own administration."
            ),
        ],
    ) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: create_offer(account, input.draft()))

    @strawberry.mutation(
        description="Replaces a draft's or a published offer's content (its type stays). " + _STAFF
    )
    async def update_offer(
        self,
        info: Info,
        reference: Annotated[
            str,
            strawberry.argument(
                description=_REFERENCE + " An archived offer no longer changes (ARCHIVED)."
            ),
        ],
        input: Annotated[
            OfferInput,
            strawberry.argument(
                description="The whole new content (every field, not only those that change); "
                "`type` must be the offer's own."
            ),
        ],
    ) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: update_offer(account, reference, input.draft()), reference)

    @strawberry.mutation(
        description="Publishes a draft: it appears in searches, alerts and `offerPublished`. "
        + _STAFF
    )
    async def publish_offer(
        self,
        info: Info,
        reference: Annotated[
            str,
            strawberry.argument(
                description=_REFERENCE + " It must be a draft (NOT_DRAFT otherwise) whose "
                "`expiresOn` has not passed (PAST)."
            ),
        ],
    ) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: publish_offer(account, reference), reference)

    @strawberry.mutation(
        description="Withdraws an offer from the searches; its page stays. Archiving an "
        "archived offer changes nothing. " + _STAFF
    )
    async def archive_offer(
        self,
        info: Info,
        reference: Annotated[str, strawberry.argument(description=_REFERENCE)],
    ) -> OfferPayload:
        account = await _publisher(info)
        return await _payload(lambda: archive_offer(account, reference), reference)

    @strawberry.mutation(
        description="Attaches a PDF to a draft or published offer (multipart request; send the "
        "header `Apollo-Require-Preflight: true`), replacing the one it had: an offer has at "
        f"most one attachment, {MAX_ATTACHMENT_BYTES // 1_000_000} MB at most, checked to be a "
        "PDF by its content (CONTENT_MISMATCH otherwise; TOO_LARGE, EMPTY). It is then in the "
        "offer's `attachments` and on its page; for a published offer this is an update "
        "(`updatedAt`, `offerChanges`). " + _STAFF
    )
    async def attach_offer_pdf(
        self,
        info: Info,
        reference: Annotated[
            str,
            strawberry.argument(
                description=_REFERENCE + " An archived offer no longer changes (ARCHIVED)."
            ),
        ],
        file: Annotated[
            Upload,
            strawberry.argument(
                description="The PDF, as a part of the multipart request (GraphQL multipart "
                "request specification); its name is shown on the offer's page (« .pdf » added "
                "when missing)."
            ),
        ],
    ) -> OfferPayload:
        account = await _publisher(info)

        async def attach() -> OfferRow:
            # A JSON request may put any value where the multipart request puts the file.
            if not isinstance(file, UploadFile):
                raise UserErrors.one("file", ErrorCode.REQUIRED, _NO_FILE)
            # One byte past the limit is enough for the domain to refuse it: never more in
            # memory.
            data = await file.read(MAX_ATTACHMENT_BYTES + 1)
            await attach_offer_pdf(account, reference, str(file.filename or ""), data)
            return await owned_offer(account, reference)

        return await _payload(attach, reference)

    @strawberry.mutation(
        description="Removes the offer's attachment, if it has one (nothing changes "
        "otherwise); an archived offer's too. For a published offer this is an update "
        "(`updatedAt`, `offerChanges`). " + _STAFF
    )
    async def remove_offer_attachment(
        self,
        info: Info,
        reference: Annotated[str, strawberry.argument(description=_REFERENCE)],
    ) -> OfferPayload:
        account = await _publisher(info)

        async def remove() -> OfferRow:
            await remove_offer_attachment(account, reference)
            return await owned_offer(account, reference)

        return await _payload(remove, reference)
