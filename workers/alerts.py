"""Alert jobs: match a published offer against the saved searches, and sweep what was left."""

from __future__ import annotations

from typing import Any

from models.alerts import deliver_alerts, pending_match_ids, send_due_digests
from models.mail import dispatch

__all__ = ["match_offer", "send_daily_digests", "sweep_pending_matches"]


async def match_offer(ctx: dict[str, Any], pending_id: int) -> int:
    mails = await deliver_alerts(pending_id)
    await dispatch(mails)
    return len(mails)


async def sweep_pending_matches(ctx: dict[str, Any]) -> int:
    """Publications whose job was lost (Redis down, worker killed): done here instead."""
    done = 0
    for pending_id in await pending_match_ids():
        done += await match_offer(ctx, pending_id)
    return done


async def send_daily_digests(ctx: dict[str, Any]) -> int:
    """Yesterday's (and any earlier missed) digests, once it is morning in Paris."""
    mails = await send_due_digests()
    await dispatch(mails)
    return len(mails)
