"""arq worker settings: `arq workers.settings.WorkerSettings` (see the Procfile)."""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings
from tortoise import Tortoise

from models.db import tortoise_config
from server.settings import settings
from workers.offers import archive_expired_offers

__all__ = ["WorkerSettings", "redis_settings"]


def redis_settings() -> RedisSettings:
    url = settings().redis_url
    if not url:
        raise RuntimeError("REDIS_URL is not set: the worker needs a Redis server")
    return RedisSettings.from_dsn(url)


async def startup(ctx: dict[str, Any]) -> None:
    await Tortoise.init(config=tortoise_config(settings().database_url))


async def shutdown(ctx: dict[str, Any]) -> None:
    await Tortoise.close_connections()


class WorkerSettings:
    functions: ClassVar = [archive_expired_offers]
    cron_jobs: ClassVar = [cron(archive_expired_offers, hour={3}, minute={15}, run_at_startup=True)]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = redis_settings()
