"""Background work requested by domain operations once their transaction has committed.

The domain names a job and its argument; the web process plugs in a dispatcher that enqueues
it on arq. Without one (tests, scripts) nothing is enqueued, and the work waits in its table
for the worker's periodic sweep — so a lost enqueue delays work but never loses it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

__all__ = ["enqueue_jobs", "use_job_dispatcher"]

JobDispatcher = Callable[[str, Sequence[int]], Awaitable[None]]


async def _nothing(job: str, ids: Sequence[int]) -> None:
    return None


_dispatcher: JobDispatcher = _nothing


def use_job_dispatcher(dispatcher: JobDispatcher | None) -> None:
    global _dispatcher
    _dispatcher = dispatcher or _nothing


async def enqueue_jobs(job: str, ids: Sequence[int]) -> None:
    if ids:
        await _dispatcher(job, ids)
