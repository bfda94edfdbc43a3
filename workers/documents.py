"""File housekeeping: remove stored files that no row points to any more."""

from __future__ import annotations

from typing import Any

from models.documents import sweep_orphan_files

__all__ = ["sweep_orphan_documents"]


async def sweep_orphan_documents(ctx: dict[str, Any]) -> int:
    return await sweep_orphan_files()
