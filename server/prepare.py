"""Brings a database up to date: migrations, then the demo catalogue on first start."""

from __future__ import annotations

import logging
from dataclasses import replace

from models.db import migrate_database
from models.demo import load_demo_catalogue
from server.runtime import Role, open_runtime
from server.settings import Settings

__all__ = ["prepare"]

log = logging.getLogger("pass")


async def prepare(config: Settings) -> None:
    config.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate_database(config.database_url)
    if not config.demo_data:
        return
    # No Redis here: the site is not running yet, nobody listens, and the demo offers' alert
    # work waits in its table for the worker's first sweep.
    async with open_runtime(replace(config, redis_url=None), Role.COMMAND):
        added = await load_demo_catalogue()
        if added:
            log.info("Demo catalogue loaded: %d offers", added)
