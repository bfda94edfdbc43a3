"""Brings a database up to date: migrations, then the demo catalogue on first start."""

from __future__ import annotations

import logging

from tortoise import Tortoise

from models.db import migrate_database, tortoise_config
from models.demo.loading import load_demo_catalogue
from models.storage import LocalFileStorage, use_file_storage
from server.settings import Settings

__all__ = ["prepare"]

log = logging.getLogger("pass")


async def prepare(config: Settings) -> None:
    config.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate_database(config.database_url)
    if not config.demo_data:
        return
    use_file_storage(LocalFileStorage(config.files_dir))
    await Tortoise.init(config=tortoise_config(config.database_url))
    try:
        added = await load_demo_catalogue()
        if added:
            log.info("Demo catalogue loaded: %d offers", added)
    finally:
        await Tortoise.close_connections()
