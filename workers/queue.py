"""The job queue as web processes and workers both see it: Redis address and job encoding."""

from __future__ import annotations

import json
from typing import Any

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

__all__ = ["QUEUE_OPTIONS", "open_queue", "redis_settings"]


def _dumps(job: dict[str, Any]) -> bytes:
    return json.dumps(job, separators=(",", ":")).encode()


def _loads(data: bytes) -> dict[str, Any]:
    job: dict[str, Any] = json.loads(data)
    return job


# JSON rather than arq's default pickle: a job is plain data, and a Redis shared with anything
# else must never be able to make a worker unpickle arbitrary objects.
QUEUE_OPTIONS: dict[str, Any] = {"job_serializer": _dumps, "job_deserializer": _loads}


def redis_settings(url: str | None) -> RedisSettings:
    if not url:
        raise RuntimeError("REDIS_URL is not set: the job queue needs a Redis server")
    return RedisSettings.from_dsn(url)


async def open_queue(url: str | None) -> ArqRedis:
    return await create_pool(redis_settings(url), **QUEUE_OPTIONS)
