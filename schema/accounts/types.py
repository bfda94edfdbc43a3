"""The candidate as the API shows it, to themselves only."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from models.accounts.captcha import new_captcha
from models.accounts.proof_of_work import new_challenge
from models.accounts.tables import Candidate as CandidateRow
from models.documents.tables import Document as DocumentRow
from models.offers.editing import managed_offers
from models.reference.vocabulary import vocabulary
from models.saved_searches.tables import SavedSearch as SavedSearchRow
from schema.context import Info
from schema.documents.types import Document, document_from_row
from schema.offers.types import Offer, offer_from_row
from schema.saved_searches.types import SavedSearch, saved_search_from_row

__all__ = ["Candidate", "Captcha", "Civility", "candidate_from_row", "fresh_captcha"]


@strawberry.enum
class Civility(Enum):
    MADAME = "madame"
    MONSIEUR = "monsieur"


@strawberry.enum(description="Recruiters and admins manage offers; candidates cannot.")
class AccountRole(Enum):
    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    ADMIN = "admin"


@strawberry.type(description="The signed-in account (a candidate, or a recruiter or admin).")
class Candidate:
    row_id: strawberry.Private[int]
    civility: Civility
    last_name: str
    first_name: str
    phone: str | None = strawberry.field(description="E.164, e.g. +33612345678.")
    email: str
    username: str
    created_at: datetime
    role: AccountRole
    administration: str | None = strawberry.field(
        description="A recruiter's administration code: the offers they may manage."
    )

    @strawberry.field(description="Newest first.")
    async def saved_searches(self) -> list[SavedSearch]:
        rows = await SavedSearchRow.filter(candidate_id=self.row_id).order_by("-created_at", "-id")
        return [await saved_search_from_row(r) for r in rows]

    @strawberry.field(
        description="Offers this account manages, drafts included, newest first: its "
        "administration's for a recruiter, all for an admin, none for a candidate."
    )
    async def managed_offers(self, info: Info, first: int = 50) -> list[Offer]:
        account = await CandidateRow.get(id=self.row_id)
        rows = await managed_offers(account, limit=max(0, min(first, 200)))
        words = await vocabulary()
        return [offer_from_row(r, words) for r in rows]

    @strawberry.field(description="CVs, cover letters and other documents, by category.")
    async def documents(self) -> list[Document]:
        rows = await _document_rows(self.row_id)
        return [document_from_row(r) for r in rows]


async def _document_rows(candidate_id: int) -> list[DocumentRow]:
    return await DocumentRow.filter(candidate_id=candidate_id).order_by("category", "created_at")


def candidate_from_row(row: CandidateRow) -> Candidate:
    return Candidate(
        row_id=row.id,
        civility=Civility(row.civility.value),
        last_name=row.last_name,
        first_name=row.first_name,
        phone=row.phone or None,
        email=row.email,
        username=row.username,
        created_at=row.created_at,
        role=AccountRole(row.role.value),
        administration=row.administration_id,  # type: ignore[attr-defined]
    )


@strawberry.type(
    description="The two checks of `register`: an arithmetic question to answer (send back "
    "`token` with the answer) and an ALTCHA proof-of-work challenge to solve (send back the "
    "solution payload). Each is single use and expires."
)
class Captcha:
    token: str
    question: str = strawberry.field(description='For example "13 + 4 =".')
    expires_at: datetime
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
