"""Accounts as the API shows them, to their owners only: the `Account` interface and its
three kinds, `Candidate`, `Recruiter` and `Administrator`."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from models.accounts import (
    NAME_MAX,
    USERNAME_MAX,
    USERNAME_MIN,
    new_captcha,
    new_challenge,
)
from models.accounts import Account as AccountRow
from models.accounts import AccountRole as DomainAccountRole
from models.applications import MAX_PAGE as APPLICATIONS_PAGE_MAX
from models.applications import InvalidApplicationCursor, applications_page
from models.documents import documents_of
from models.favourites import (
    MAX_SAVED_OFFERS_PAGE,
    InvalidSavedOffersCursor,
    saved_offers_of,
)
from models.offers import managed_offers
from models.reference import vocabulary
from models.saved_searches import saved_searches_of
from schema.applications.types import ApplicationConnection, connection_from_page
from schema.documents.types import Document, document_from_row
from schema.errors import bad_request
from schema.favourites.types import SavedOfferConnection, saved_offers_page
from schema.offers.types import Offer, offer_from_row
from schema.reference.types import CodeLabel
from schema.saved_searches.types import SavedSearch, saved_search_from_row

__all__ = [
    "ACCOUNT_KINDS",
    "Account",
    "AccountRole",
    "Administrator",
    "Candidate",
    "Captcha",
    "Civility",
    "Recruiter",
    "account_from_row",
    "candidate_from_row",
    "fresh_captcha",
]


@strawberry.enum(description="How the person is addressed in mails and on the site.")
class Civility(Enum):
    _value_: str  # as every value is (`strawberry.enum_value` hides it from mypy)
    MADAME = strawberry.enum_value("madame", description="« Madame ».")
    MONSIEUR = strawberry.enum_value("monsieur", description="« Monsieur ».")


@strawberry.enum(
    description="What an account may do. CANDIDATE: browse, save searches, keep documents; "
    "RECRUITER: manage their administration's offers; ADMIN: manage every administration's "
    "offers. Recruiters and admins are made by an operator, never by `register`."
)
class AccountRole(Enum):
    _value_: str
    CANDIDATE = strawberry.enum_value(
        "candidate",
        description="Everyone who signs up (`register`): saved searches, alerts, documents.",
    )
    RECRUITER = strawberry.enum_value(
        "recruiter", description="Manages the offers of one administration (`Recruiter`)."
    )
    ADMIN = strawberry.enum_value(
        "admin", description="Manages the offers of every administration (`Administrator`)."
    )


_MANAGED_OFFERS_MAX = 200
_First = Annotated[
    int,
    strawberry.argument(
        description=f"How many offers at most, newest first: 0 to {_MANAGED_OFFERS_MAX} "
        f"(a larger number gives {_MANAGED_OFFERS_MAX}, a negative one none)."
    ),
]


async def _managed_offers(row: AccountRow, first: int) -> list[Offer]:
    rows = await managed_offers(row, limit=max(0, min(first, _MANAGED_OFFERS_MAX)))
    words = await vocabulary()
    return [offer_from_row(r, words) for r in rows]


@strawberry.interface(
    description="A signed-in account, whatever its role, as its owner sees it (`viewer`): a "
    "`Candidate`, a `Recruiter` or an `Administrator`. Ask for what a kind has with a "
    "fragment: `viewer { username role ... on Candidate { savedSearches { name } } }`."
)
class Account:
    row: strawberry.Private[AccountRow]
    id: strawberry.ID = strawberry.field(
        description="The account's number, stable for its life (not a `node` global id)."
    )
    role: AccountRole = strawberry.field(
        description="What the account may do; it matches its type (`Candidate`, `Recruiter`, "
        "`Administrator`)."
    )
    civility: Civility = strawberry.field(description="How the person is addressed.")
    last_name: str = strawberry.field(description=f"Family name, at most {NAME_MAX} characters.")
    first_name: str = strawberry.field(description=f"Given name, at most {NAME_MAX} characters.")
    phone: str | None = strawberry.field(description="E.164, e.g. +33612345678.")
    email: str = strawberry.field(
        description="The address mails go to, which also signs in; it changes only through "
        "`changeEmail` and the link it mails."
    )
    username: str = strawberry.field(
        description=f"The name that signs in (with the password), {USERNAME_MIN} to "
        f"{USERNAME_MAX} characters, unique whatever its case."
    )
    created_at: datetime = strawberry.field(
        description="When the account was created (ISO 8601 date and time with its offset, in UTC)."
    )


@strawberry.type(
    description="A candidate's account, with their saved searches, documents and applications. "
    "`me` returns it; so does `viewer`, for a candidate."
)
class Candidate(Account):
    @strawberry.field(
        description="Always null: recruiters have an administration (`Recruiter`).",
        deprecation_reason="A candidate has no administration; see `Recruiter.administration`.",
    )
    def administration(self) -> str | None:
        return self.row.administration_id  # type: ignore[attr-defined,no-any-return]

    @strawberry.field(description="Newest first (the same order as on the site).")
    async def saved_searches(self) -> list[SavedSearch]:
        return [await saved_search_from_row(r) for r in await saved_searches_of(self.row)]

    @strawberry.field(
        description="The offers the candidate saved (`saveOffer`), most recently saved first, "
        "those no longer open included (marked by `state`)."
    )
    async def saved_offers(
        self,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many per page, 1 to {MAX_SAVED_OFFERS_PAGE}; outside, an "
                "INVALID_FIRST error."
            ),
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="`pageInfo.endCursor` of the previous page; one that is not a "
                "cursor of `savedOffers` is an INVALID_CURSOR error."
            ),
        ] = None,
    ) -> SavedOfferConnection:
        if not 1 <= first <= MAX_SAVED_OFFERS_PAGE:
            raise bad_request(
                f"first must be between 1 and {MAX_SAVED_OFFERS_PAGE}", "INVALID_FIRST", "first"
            )
        try:
            page = await saved_offers_of(self.row, first=first, after=after)
        except InvalidSavedOffersCursor as error:
            raise bad_request(str(error), "INVALID_CURSOR", "after") from None
        return saved_offers_page(page, await vocabulary(), after=after)

    @strawberry.field(
        description="Always empty: candidates manage no offers.",
        deprecation_reason="Candidates manage no offers; see `Recruiter.managedOffers` and "
        "`Administrator.managedOffers`.",
    )
    async def managed_offers(self, first: _First = 50) -> list[Offer]:
        return await _managed_offers(self.row, first)

    @strawberry.field(
        description="CVs, cover letters and other documents, by category, oldest first in each "
        "(the same order as on the site)."
    )
    async def documents(self) -> list[Document]:
        return [document_from_row(r) for r in await documents_of(self.row)]

    @strawberry.field(
        description="What the candidate wrote to recruiters (« Mes candidatures »), by date "
        "written, newest first (the same order as on the site)."
    )
    async def applications(
        self,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"Applications per page, from 1 to {APPLICATIONS_PAGE_MAX}; "
                "outside, an INVALID_FIRST error."
            ),
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="The `endCursor` of the previous page (or any edge's `cursor`); "
                "null for the first page. One that is not a cursor of `applications` is an "
                "INVALID_CURSOR error."
            ),
        ] = None,
    ) -> ApplicationConnection:
        if not 1 <= first <= APPLICATIONS_PAGE_MAX:
            raise bad_request(
                f"first must be between 1 and {APPLICATIONS_PAGE_MAX}", "INVALID_FIRST", "first"
            )
        try:
            page = await applications_page(self.row, first=first, after=after)
        except InvalidApplicationCursor as error:
            raise bad_request(str(error), "INVALID_CURSOR", "after") from None
        return connection_from_page(page, after)


@strawberry.type(description="A recruiter's account: they manage their administration's offers.")
class Recruiter(Account):
    @strawberry.field(description="The administration whose offers this recruiter manages.")
    async def administration(self) -> CodeLabel:
        code: str = self.row.administration_id  # type: ignore[attr-defined]
        words = await vocabulary()
        return CodeLabel(code=code, label=words.administrations.get(code, code))

    @strawberry.field(
        description=f"Their administration's offers, drafts included, newest first; at most "
        f"{_MANAGED_OFFERS_MAX}."
    )
    async def managed_offers(self, first: _First = 50) -> list[Offer]:
        return await _managed_offers(self.row, first)


@strawberry.type(description="An admin's account: they manage every administration's offers.")
class Administrator(Account):
    @strawberry.field(
        description=f"Every administration's offers, drafts included, newest first; at most "
        f"{_MANAGED_OFFERS_MAX}."
    )
    async def managed_offers(self, first: _First = 50) -> list[Offer]:
        return await _managed_offers(self.row, first)


_KINDS: dict[DomainAccountRole, type[Account]] = {
    DomainAccountRole.CANDIDATE: Candidate,
    DomainAccountRole.RECRUITER: Recruiter,
    DomainAccountRole.ADMIN: Administrator,
}
ACCOUNT_KINDS: list[type[Account]] = list(_KINDS.values())


def account_from_row(row: AccountRow) -> Account:
    """The account as the kind its role makes it."""
    return _KINDS[row.role](
        row=row,
        id=strawberry.ID(str(row.id)),
        role=AccountRole(row.role.value),
        civility=Civility(row.civility.value),
        last_name=row.last_name,
        first_name=row.first_name,
        phone=row.phone or None,
        email=row.email,
        username=row.username,
        created_at=row.created_at,
    )


def candidate_from_row(row: AccountRow) -> Candidate:
    """A candidate's account; any other role is a programming error."""
    account = account_from_row(row)
    if not isinstance(account, Candidate):
        raise ValueError(f"account {row.id} is a {row.role.value}, not a candidate")
    return account


@strawberry.type(
    description="The two checks of `register`: an arithmetic question to answer (send back "
    "`token` with the answer) and an ALTCHA proof-of-work challenge to solve (send back the "
    "solution payload). Each is single use and expires."
)
class Captcha:
    token: str = strawberry.field(
        description="Opaque and signed: send it back as `RegisterInput.captchaToken`."
    )
    question: str = strawberry.field(description='For example "13 + 4 =".')
    expires_at: datetime = strawberry.field(
        description="When the question and the challenge expire, 30 minutes after they were "
        "made (ISO 8601 date and time with its offset, in UTC); ask `requestCaptcha` again "
        "after."
    )
    altcha: str = strawberry.field(
        description="An ALTCHA challenge (https://altcha.org), as JSON: `{algorithm, challenge, "
        "maxNumber, salt, signature}`. Find the number n (0 ≤ n ≤ maxNumber) such that "
        "SHA-256(salt + n) in hex equals `challenge`, then send `register` the base64 of the "
        "JSON `{algorithm, challenge, number: n, salt, signature}` as `altchaPayload`. The "
        "`altcha` libraries (e.g. PyPI `altcha`: `solve_challenge_v1`) and the ALTCHA widget "
        "do this."
    )


def fresh_captcha() -> Captcha:
    question = new_captcha()
    return Captcha(
        token=question.token,
        question=question.question,
        expires_at=question.expires_at,
        altcha=new_challenge(),
    )
