"""Single-use links sent by e-mail (e-mail change, password reset)."""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from models.accounts.tables import Account, AccountLink, LinkPurpose
from models.accounts.tokens import new_token, token_hash
from models.clock import now

__all__ = ["consume_link", "create_link"]


async def create_link(
    candidate: Account, purpose: LinkPurpose, lifetime: timedelta, *, new_email: str = ""
) -> str:
    """A new link; earlier unused links of the same purpose stop working."""
    await AccountLink.filter(candidate=candidate, purpose=purpose, used_at__isnull=True).update(
        used_at=now()
    )
    token = new_token()
    await AccountLink.create(
        candidate=candidate,
        purpose=purpose,
        token_hash=token_hash(token),
        new_email=new_email,
        expires_at=now() + lifetime,
    )
    return token


async def consume_link(token: str, purpose: LinkPurpose) -> AccountLink | None:
    """The link, marked used, if it is valid; None if unknown, used or expired."""
    moment = now()
    async with in_transaction():
        used = await AccountLink.filter(
            token_hash=token_hash(token or ""),
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=moment,
        ).update(used_at=moment)
        if not used:
            return None
        return await AccountLink.get(token_hash=token_hash(token)).prefetch_related("candidate")
