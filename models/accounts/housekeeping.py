"""Removing expired sessions, used or expired links and spent CAPTCHA questions."""

from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import Q

from models.accounts.tables import AccountLink, CandidateSession, UsedCaptcha
from models.clock import now

__all__ = ["purge_expired"]


async def purge_expired() -> int:
    moment = now()
    removed = await CandidateSession.filter(expires_at__lt=moment).delete()
    removed += await AccountLink.filter(
        Q(expires_at__lt=moment) | Q(used_at__lt=moment - timedelta(days=1))
    ).delete()
    removed += await UsedCaptcha.filter(expires_at__lt=moment).delete()
    return int(removed)
