"""The open data export jobs: daily, and at the worker's start when there is none yet."""

from __future__ import annotations

from typing import Any

from models.opendata import export_is_due, export_open_data
from models.site_identity import site_identity

__all__ = ["MAX_AGE_HOURS", "TIMEOUT_SECONDS", "ensure_open_data", "export_open_data_daily"]

# An export older than a day and a bit means the daily run was missed (worker down at that
# hour): the hourly check makes it then.
MAX_AGE_HOURS = 26.0
# A million offers take minutes (bench/export.py): far above the default job timeout.
TIMEOUT_SECONDS = 1800


async def export_open_data_daily(ctx: dict[str, Any]) -> int:
    """Writes a new export of the live offers; returns how many it holds. Running it twice
    writes the same files again (same names, same bytes when nothing changed)."""
    export = await export_open_data(site_identity().site_url)
    return export.count


async def ensure_open_data(ctx: dict[str, Any]) -> int | None:
    """Exports when there is no export yet (a fresh site) or the last is too old; else
    nothing (None)."""
    if not await export_is_due(MAX_AGE_HOURS):
        return None
    return await export_open_data_daily(ctx)
