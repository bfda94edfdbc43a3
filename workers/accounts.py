"""Account housekeeping: forget what has expired."""

from __future__ import annotations

from typing import Any

from models.accounts import purge_expired

__all__ = ["purge_expired_account_data"]


async def purge_expired_account_data(ctx: dict[str, Any]) -> int:
    return await purge_expired()
