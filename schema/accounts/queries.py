"""`me`: the signed-in candidate."""

from __future__ import annotations

import strawberry

from schema.accounts.auth import require_candidate
from schema.accounts.types import Candidate, candidate_from_row
from schema.context import Info

__all__ = ["AccountQuery"]


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in candidate; an UNAUTHENTICATED error without a "
                      "valid bearer token.")  # fmt: skip
    async def me(self, info: Info) -> Candidate:
        return candidate_from_row(await require_candidate(info))
