"""Who is calling: the account (candidate, recruiter or admin) behind the
`Authorization: Bearer <token>` header."""

from __future__ import annotations

from models.accounts import Account, AccountRole, account_for_token
from schema.context import Info
from schema.errors import bad_request

__all__ = [
    "bearer_token",
    "client_address",
    "require_account",
    "require_candidate",
    "signed_in_account",
]


def bearer_token(info: Info) -> str | None:
    params = info.context.connection_params or {}
    from_init = params.get("token") or str(params.get("Authorization", "")).removeprefix("Bearer ")
    return info.context.token or (str(from_init) if from_init else None)


def client_address(info: Info) -> str:
    client = getattr(info.context.request, "client", None)
    return str(client.host) if client is not None else "unknown"


async def signed_in_account(info: Info) -> Account | None:
    """The account behind the request's bearer token, whatever its role, or None."""
    if info.context.account is None:
        info.context.account = await account_for_token(bearer_token(info))
    return info.context.account


async def require_account(info: Info) -> Account:
    """The signed-in account, whatever its role, or a GraphQL error UNAUTHENTICATED."""
    account = await signed_in_account(info)
    if account is None:
        raise bad_request(
            "Authentication required: send `Authorization: Bearer <token>` with a token from "
            "`login`.",
            "UNAUTHENTICATED",
        )
    return account


async def require_candidate(info: Info) -> Account:
    """The signed-in candidate: UNAUTHENTICATED without an account, FORBIDDEN for a recruiter
    or admin account (what only candidates have is no mistake of theirs to fix)."""
    account = await require_account(info)
    if account.role is not AccountRole.CANDIDATE:
        raise bad_request(
            "Only candidate accounts have this; a recruiter or admin account is read through "
            "`viewer`.",
            "FORBIDDEN",
        )
    return account
