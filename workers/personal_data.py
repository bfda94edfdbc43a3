"""Personal data jobs: building a candidate's export, sweeping the exports, and the daily
warning and deletion of candidate accounts unused for two years."""

from __future__ import annotations

from typing import Any

from models.personal_data import build_data_export as build_export
from models.personal_data import handle_inactive_accounts, sweep_data_exports

__all__ = [
    "EXPORT_TIMEOUT_SECONDS",
    "build_data_export",
    "delete_inactive_accounts",
    "sweep_data_export_files",
]

# Nine documents of up to 150 MB each are read and written twice (zip, then storage): far
# above the default timeout of a mail.
EXPORT_TIMEOUT_SECONDS = 1200


async def build_data_export(ctx: dict[str, Any], export_id: int) -> bool:
    """Named as models.personal_data.BUILD_DATA_EXPORT, the job the domain enqueues."""
    return await build_export(export_id)


async def sweep_data_export_files(ctx: dict[str, Any]) -> int:
    return await sweep_data_exports()


async def delete_inactive_accounts(ctx: dict[str, Any]) -> dict[str, int]:
    run = await handle_inactive_accounts()
    return {"warned": run.warned, "deleted": run.deleted}
