"""The job queue on Redis (arq), as web processes and workers both see it: address, job
encoding, and the adapter behind the domain's job port (models.jobs)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from arq import ArqRedis
from arq.connections import RedisSettings
from redis.asyncio import ConnectionPool

__all__ = ["QUEUE_OPTIONS", "ArqJobQueue", "job_key", "open_queue", "redis_settings"]


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


# A web request that enqueues a job waits at most this long for Redis: the enqueue is best effort
# (the mail waits in the database for a sweep), so a Redis away must not hold the request.
CONNECT_TIMEOUT = 1.0
REPLY_TIMEOUT = 2.0


async def open_queue(url: str | None, *, reply_timeout: float = REPLY_TIMEOUT) -> ArqRedis:
    """The queue, connected on first use: a process starts even while Redis is away, and every
    command fails within the timeouts instead of waiting for Redis to come back."""
    if not url:
        raise RuntimeError("REDIS_URL is not set: the job queue needs a Redis server")
    pool = ConnectionPool.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=reply_timeout
    )
    queue = ArqRedis(pool, **QUEUE_OPTIONS)
    queue.auto_close_connection_pool = True  # the pool is the queue's own: aclose() closes it
    return queue


def job_key(job: str, item_id: int) -> str:
    """The arq job id: a second enqueue of the same job is a no-op while the first is known."""
    return f"{job}:{item_id}"


class ArqJobQueue:
    """The domain's job queue (models.jobs.JobQueue) on arq."""

    def __init__(self, queue: ArqRedis) -> None:
        self.queue = queue

    async def enqueue(self, job: str, ids: Sequence[int]) -> None:
        for item_id in ids:
            await self.queue.enqueue_job(job, item_id, _job_id=job_key(job, item_id))

    async def enqueue_batch(self, job: str, ids: Sequence[int]) -> None:
        items = list(ids)
        key = f"{job}:{items[0]}:{items[-1]}:{len(items)}"
        await self.queue.enqueue_job(job, items, _job_id=key)
