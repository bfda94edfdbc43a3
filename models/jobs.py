"""Background work requested by domain operations once their transaction has committed.

A port: the domain names a job and the ids it works on; the runtime plugs in a queue (arq on
Redis, server.queue). Without one (scripts, most tests) nothing is enqueued and the work waits
in its table for the worker's periodic sweep — so a lost enqueue delays work but never loses it,
which is also why a failing queue is logged and not raised.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

__all__ = ["JobQueue", "enqueue_batch", "enqueue_jobs", "job_queue", "use_job_queue"]

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    async def enqueue(self, job: str, ids: Sequence[int]) -> None:
        """One job `job(id)` per id; enqueuing the same job and id twice runs it once."""

    async def enqueue_batch(self, job: str, ids: Sequence[int]) -> None:
        """One job `job(ids)` for all the ids; enqueuing the same batch twice runs it once."""


_queue: JobQueue | None = None


def use_job_queue(queue: JobQueue | None) -> None:
    global _queue
    _queue = queue


def job_queue() -> JobQueue | None:
    return _queue


async def enqueue_jobs(job: str, ids: Sequence[int]) -> None:
    if not ids or _queue is None:
        return
    try:
        await _queue.enqueue(job, list(ids))
    except Exception as error:  # committed already; the worker's sweep does the job
        log.warning("could not enqueue %s %s: %s", job, list(ids), type(error).__name__)


async def enqueue_batch(job: str, ids: Sequence[int]) -> None:
    if not ids or _queue is None:
        return
    try:
        await _queue.enqueue_batch(job, list(ids))
    except Exception as error:  # committed already; the worker's sweep does the job
        log.warning("could not enqueue %s %s: %s", job, list(ids), type(error).__name__)
