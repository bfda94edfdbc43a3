"""Removing the stored exports of an account being deleted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from models.accounts.tables import Account
from models.personal_data.tables import DataExport
from models.storage import file_storage

__all__ = ["forget_exports_of", "remove_stored"]


def remove_stored(keys: list[str]) -> Callable[[], Awaitable[None]]:
    async def remove_files() -> None:
        storage = file_storage()
        for key in keys:
            storage.delete(key)

    return remove_files


async def forget_exports_of(account: Account) -> Callable[[], Awaitable[None]]:
    """Inside an account's deletion: returns what removes the zips once it has committed."""
    rows = await DataExport.filter(account_id=account.id, storage_key__isnull=False).only(
        "storage_key"
    )
    return remove_stored([row.storage_key for row in rows if row.storage_key])
