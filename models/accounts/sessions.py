"""Signed-in sessions: opened at sign-in, found by token, revoked at sign-out and after."""

from __future__ import annotations

from datetime import timedelta

from models.accounts.config import account_config
from models.accounts.tables import Account, CandidateSession
from models.accounts.tokens import new_token, token_hash
from models.clock import now

__all__ = [
    "SEEN_PRECISION",
    "account_for_token",
    "close_other_sessions",
    "close_session",
    "mark_seen",
    "open_session",
]

# Last activity is kept to the day: a session in use writes it at most once a day, not on
# every request (the inactivity rule counts in months).
SEEN_PRECISION = timedelta(days=1)


async def mark_seen(account: Account) -> None:
    """The account is in use now: its inactivity count starts again, any warning is void."""
    moment = now()
    await Account.filter(id=account.id).update(last_seen_at=moment, inactivity_warned_at=None)
    account.last_seen_at = moment
    account.inactivity_warned_at = None


async def open_session(candidate: Account) -> str:
    """At sign-in (and registration, and an accepted invitation): the account is in use."""
    await mark_seen(candidate)
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
    if session is None:
        return None
    account = session.candidate
    if account.last_seen_at is None or account.last_seen_at < now() - SEEN_PRECISION:
        await mark_seen(account)
    return account


async def close_session(token: str | None) -> None:
    if token:
        await CandidateSession.filter(token_hash=token_hash(token)).delete()


async def close_other_sessions(candidate: Account, keep: str | None) -> None:
    sessions = CandidateSession.filter(candidate=candidate)
    if keep:
        sessions = sessions.exclude(token_hash=token_hash(keep))
    await sessions.delete()
