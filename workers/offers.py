"""Offer housekeeping jobs."""

from __future__ import annotations

from typing import Any

from models.offers import archive_expired

__all__ = ["archive_expired_offers"]


async def archive_expired_offers(ctx: dict[str, Any]) -> int:
    """Archives the published offers past their end date; safe to run any number of times."""
    return await archive_expired()
