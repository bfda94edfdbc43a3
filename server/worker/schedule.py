"""What an arq worker runs: its jobs, their schedule, and what they need around them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import AsyncExitStack
from typing import Any, ClassVar

from arq import cron, func

from models.alerts import prepare_alerts
from server.queue import QUEUE_OPTIONS
from server.runtime import Role, Runtime, open_runtime
from server.settings import settings
from server.worker.supervision import catch_up_mails
from workers.accounts import purge_expired_account_data
from workers.alerts import match_offer, send_daily_digests, sweep_pending_matches
from workers.applications import send_follow_up_reminders
from workers.documents import sweep_orphan_documents
from workers.favourites import send_offer_reminders
from workers.mail import send_mail, send_mails, sweep_pending_mails
from workers.offers import archive_expired_offers
from workers.opendata import TIMEOUT_SECONDS, ensure_open_data, export_open_data_daily
from workers.personal_data import (
    EXPORT_TIMEOUT_SECONDS,
    build_data_export,
    delete_inactive_accounts,
    sweep_data_export_files,
)

__all__ = ["JOBS", "WorkerSettings", "job_context"]

log = logging.getLogger(__name__)

JOBS: list[Any] = [
    archive_expired_offers,
    send_mail,
    send_mails,
    sweep_pending_mails,
    purge_expired_account_data,
    sweep_orphan_documents,
    match_offer,
    sweep_pending_matches,
    send_daily_digests,
    send_follow_up_reminders,
    send_offer_reminders,
    catch_up_mails,
    func(export_open_data_daily, timeout=TIMEOUT_SECONDS),
    func(ensure_open_data, timeout=TIMEOUT_SECONDS),
    func(build_data_export, timeout=EXPORT_TIMEOUT_SECONDS),
    func(sweep_data_export_files, timeout=EXPORT_TIMEOUT_SECONDS),
    delete_inactive_accounts,
]


async def startup(ctx: dict[str, Any]) -> None:
    # arq's start-up and shutdown are two callbacks: the runtime stays open between them.
    stack = AsyncExitStack()
    runtime = await stack.enter_async_context(
        open_runtime(settings(), Role.WORKER, queue=ctx.get("redis"))
    )
    ctx["runtime_stack"] = stack
    ctx.update(job_context(runtime))
    # In the background: the mails of a password reset need not wait for an index of every
    # saved search, but the first publication's alerts then find it (mostly) built.
    ctx["warm_up"] = asyncio.create_task(_warm_up())


async def _warm_up() -> None:
    try:
        await prepare_alerts()
    except Exception as error:  # the first match does it again, and reports what fails then
        log.warning("préparation des alertes impossible : %s", type(error).__name__)


def job_context(runtime: Runtime) -> dict[str, Any]:
    """What the jobs read from their context besides arq's own entries."""
    return {
        "mailer": runtime.mailer,
        "mail_from": runtime.settings.mail_from,
        "tortoise": runtime.database,  # checked by the supervisor during outages
    }


async def shutdown(ctx: dict[str, Any]) -> None:
    warm_up: asyncio.Task[None] | None = ctx.pop("warm_up", None)
    if warm_up is not None and not warm_up.done():
        warm_up.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await warm_up
    stack: AsyncExitStack | None = ctx.pop("runtime_stack", None)
    if stack is not None:
        await stack.aclose()


class WorkerSettings:
    """Read by `python -m server.worker`, which adds the Redis address from REDIS_URL."""

    functions: ClassVar = JOBS
    cron_jobs: ClassVar = [
        # Hourly: mirrors following `offerChanges` hear of an expiry within the hour.
        cron(archive_expired_offers, minute={15}, run_at_startup=True),
        cron(sweep_pending_mails, second={30}, run_at_startup=True),
        cron(purge_expired_account_data, minute={5}),
        cron(sweep_orphan_documents, hour={4}, minute={45}),
        cron(sweep_pending_matches, second={0}, run_at_startup=True),
        # Hourly, so a worker down at 7 a.m. still sends the digests when it comes back.
        cron(send_daily_digests, minute={2}, run_at_startup=True),
        # Hourly too, for the same reason: the reminders wait for 8 a.m. (Paris time).
        cron(send_follow_up_reminders, minute={12}),
        # Hourly too, for the same reason; each saved offer is reminded once whatever the runs.
        cron(send_offer_reminders, minute={7}, run_at_startup=True),
        # Open data: daily after the expired offers are archived; the hourly check makes the
        # first export at a fresh worker's start, and catches up a missed daily run.
        cron(export_open_data_daily, hour={3}, minute={30}, timeout=TIMEOUT_SECONDS),
        cron(ensure_open_data, minute={40}, run_at_startup=True, timeout=TIMEOUT_SECONDS),
        # Hourly: expired zips go within the hour; lost export jobs are built.
        cron(sweep_data_export_files, minute={25}, timeout=EXPORT_TIMEOUT_SECONDS),
        # Daily: accounts unused for two years are warned, then deleted a month later.
        cron(delete_inactive_accounts, hour={5}, minute={10}),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 8
    # How long the loop sleeps when the queue is empty (arq's default: half a second). A
    # publication's alerts wait for it twice (the match, then the mails): a Redis query each
    # 50 ms costs the idle worker next to nothing.
    poll_delay = 0.05
    # arq's own health key in Redis (`arq --check`), beside our heartbeat file (worker/health.py).
    health_check_interval = 10
    job_serializer = QUEUE_OPTIONS["job_serializer"]
    job_deserializer = QUEUE_OPTIONS["job_deserializer"]
