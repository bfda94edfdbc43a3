"""Offer housekeeping jobs."""

from __future__ import annotations

from typing import Any

from models.offers import archive_expired, forget_old_changes

__all__ = ["archive_expired_offers"]


async def archive_expired_offers(ctx: dict[str, Any]) -> int:
    """Archives the published offers past their end date (journalled as EXPIRED for mirrors)
    and drops the change journal's rows past its retention; safe to run any number of times."""
    archived = await archive_expired()
    await forget_old_changes()
    return archived
