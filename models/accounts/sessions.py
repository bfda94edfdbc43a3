"""Signed-in sessions: opened at sign-in, found by token, revoked at sign-out and after."""

from __future__ import annotations

from models.accounts.config import account_config
from models.accounts.tables import Account, CandidateSession
from models.accounts.tokens import new_token, token_hash
from models.clock import now

__all__ = ["account_for_token", "close_other_sessions", "close_session", "open_session"]


async def open_session(candidate: Account) -> str:
    token = new_token()
    await CandidateSession.create(
        candidate=candidate,
        token_hash=token_hash(token),
        expires_at=now() + account_config().session_lifetime,
    )
    return token


async def account_for_token(token: str | None) -> Account | None:
    if not token:
        return None
    session = (
        await CandidateSession.filter(token_hash=token_hash(token), expires_at__gt=now())
        .prefetch_related("candidate")
        .first()
    )
    return session.candidate if session is not None else None


async def close_session(token: str | None) -> None:
    if token:
        await CandidateSession.filter(token_hash=token_hash(token)).delete()


async def close_other_sessions(candidate: Account, keep: str | None) -> None:
    sessions = CandidateSession.filter(candidate=candidate)
    if keep:
        sessions = sessions.exclude(token_hash=token_hash(keep))
    await sessions.delete()
