"""The open data jobs, run by a real arq worker on a real Redis (embedded and server): the
first export at the worker's start, the daily one on its schedule."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from arq.cron import CronJob
from arq.worker import Worker

from models.opendata import current_export, open_data_dir, use_open_data_dir
from models.site_identity import SiteIdentity, configure_site, site_identity
from server.queue import QUEUE_OPTIONS, open_queue, redis_settings
from server.worker.schedule import JOBS, WorkerSettings
from tests.opendata.catalogue import load_catalogue, stored_names
from tests.waiting import wait_until

SITE = "https://pass.example.gouv.fr"


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    before, folder_before = site_identity(), open_data_dir()
    configure_site(SiteIdentity(site_url=SITE))
    use_open_data_dir(tmp_path / "donnees")
    yield tmp_path / "donnees"
    configure_site(before)
    use_open_data_dir(folder_before)


def _cron(name: str) -> CronJob:
    """A fresh copy: arq keeps each cron job's next run on the object itself."""
    found = next(c for c in WorkerSettings.cron_jobs if c.name == f"cron:{name}")
    return dataclasses.replace(found, next_run=None)


async def _run(url: str) -> Worker:
    """Until the queue is empty."""
    worker = Worker(
        functions=JOBS, redis_settings=redis_settings(url), burst=True, poll_delay=0.01,
        **QUEUE_OPTIONS,
    )  # fmt: skip
    await worker.async_run()
    await worker.close()
    return worker


async def _start(url: str, cron_job: CronJob) -> Worker:
    """A worker with this cron job, from its start until it has run it once."""
    worker = Worker(
        functions=JOBS, cron_jobs=[cron_job], redis_settings=redis_settings(url),
        poll_delay=0.01, handle_signals=False, **QUEUE_OPTIONS,
    )  # fmt: skip
    running = asyncio.create_task(worker.async_run())
    try:
        await wait_until("the start-up job", lambda: worker.jobs_complete + worker.jobs_failed > 0)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await worker.close()
    return worker


def test_the_export_is_scheduled_daily_and_checked_at_start() -> None:
    daily = _cron("export_open_data_daily")
    assert daily.hour == {3} and daily.minute == {30} and not daily.run_at_startup
    check = _cron("ensure_open_data")
    assert check.run_at_startup and check.minute == {40} and check.hour is None
    # Far longer than the default job timeout: a large catalogue takes minutes.
    assert daily.timeout_s is not None and daily.timeout_s >= 600


async def test_a_fresh_worker_makes_the_first_export(db: str, redis_url: str, folder: Path) -> None:
    catalogue = await load_catalogue()
    assert current_export() is None
    worker = await _start(redis_url, _cron("ensure_open_data"))
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    export = current_export()
    assert export is not None and export.count == len(catalogue.live)
    assert stored_names(folder) == {
        "offres.meta.json",
        *(f.stored_as for f in export.files),
    }

    # A second start (or the hourly check) with a fresh export: nothing written again.
    await _start(redis_url, _cron("ensure_open_data"))
    assert current_export() == export


async def test_the_daily_job_writes_a_new_export(db: str, redis_url: str, folder: Path) -> None:
    await load_catalogue()
    queue = await open_queue(redis_url)
    job = await queue.enqueue_job("export_open_data_daily")
    assert job is not None
    worker = await _run(redis_url)
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    assert await job.result(timeout=5) == 3
    first = current_export()
    assert first is not None

    again = await queue.enqueue_job("export_open_data_daily")  # a retry, or a second worker
    assert again is not None
    await _run(redis_url)
    assert await again.result(timeout=5) == 3
    second = current_export()
    assert second is not None and second.file("csv").etag == first.file("csv").etag
    await queue.aclose()
