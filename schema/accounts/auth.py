"""Who is calling: the candidate behind the `Authorization: Bearer <token>` header."""

from __future__ import annotations

from models.accounts.sessions import candidate_for_token
from models.accounts.tables import Candidate
from schema.context import Info
from schema.errors import bad_request

__all__ = ["bearer_token", "client_address", "require_candidate"]


def bearer_token(info: Info) -> str | None:
    params = info.context.connection_params or {}
    from_init = params.get("token") or str(params.get("Authorization", "")).removeprefix("Bearer ")
    return info.context.token or (str(from_init) if from_init else None)


def client_address(info: Info) -> str:
    client = getattr(info.context.request, "client", None)
    return str(client.host) if client is not None else "unknown"


async def require_candidate(info: Info) -> Candidate:
    """The signed-in candidate, or a GraphQL error UNAUTHENTICATED."""
    if info.context.candidate is None:
        info.context.candidate = await candidate_for_token(bearer_token(info))
    if info.context.candidate is None:
        raise bad_request(
            "Authentication required: send `Authorization: Bearer <token>` with a token from "
            "`login`.",
            "UNAUTHENTICATED",
        )
    return info.context.candidate
