"""`viewer`: the signed-in account, whatever its role; `me`: the signed-in candidate."""

from __future__ import annotations

import strawberry

from schema.accounts.auth import require_candidate, signed_in_account
from schema.accounts.types import Account, Candidate, account_from_row, candidate_from_row
from schema.context import Info

__all__ = ["AccountQuery"]


@strawberry.type
class AccountQuery:
    @strawberry.field(
        description="The signed-in account, whatever its role: a `Candidate`, a `Recruiter` or "
        "an `Administrator` (ask with `... on Candidate { … }` fragments); null without a "
        "valid bearer token. Never cached: it answers for the caller only."
    )
    async def viewer(self, info: Info) -> Account | None:
        row = await signed_in_account(info)
        return account_from_row(row) if row is not None else None

    @strawberry.field(
        description="The signed-in candidate; null with an UNAUTHENTICATED error without a "
        "valid bearer token, null with a FORBIDDEN error for a recruiter or admin account "
        "(the other fields of the query are answered all the same).",
        deprecation_reason="Use `viewer`, which fits every role (`viewer { ... on Candidate "
        "{ … } }`).",
    )
    async def me(self, info: Info) -> Candidate | None:
        # Nullable so that its error nulls `me` alone, not the whole response (`data: null`
        # for a public query that also asked `me` without a token).
        return candidate_from_row(await require_candidate(info))
