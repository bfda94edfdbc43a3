"""What an arq worker runs: its jobs, their schedule, and what they need around them."""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from tortoise import Tortoise
from tortoise.context import TortoiseContext, require_context

from models.accounts.config import configure_accounts
from models.db import tortoise_config
from models.mail.outbox import use_claim_seconds
from models.storage import LocalFileStorage, use_file_storage
from server.jobs import account_config_for, use_queue
from server.settings import settings
from workers.accounts import purge_expired_account_data
from workers.alerts import match_offer, send_daily_digests, sweep_pending_matches
from workers.documents import sweep_orphan_documents
from workers.mail import send_mail, sweep_pending_mails
from workers.mailers import mailer_for
from workers.offers import archive_expired_offers
from workers.queue import QUEUE_OPTIONS
from workers.supervision import catch_up_mails

__all__ = ["JOBS", "WorkerSettings", "job_context"]

JOBS: list[Any] = [
    archive_expired_offers,
    send_mail,
    sweep_pending_mails,
    purge_expired_account_data,
    sweep_orphan_documents,
    match_offer,
    sweep_pending_matches,
    send_daily_digests,
    catch_up_mails,
]


def job_context(smtp_url: str | None, outbox_dir: Any, mail_from: str) -> dict[str, Any]:
    """What the jobs read from their context besides arq's own entries."""
    return {"mailer": mailer_for(smtp_url, outbox_dir), "mail_from": mail_from}


async def startup(ctx: dict[str, Any]) -> None:
    config = settings()
    await Tortoise.init(config=tortoise_config(config.database_url))
    # arq runs on_shutdown in another task, where Tortoise's context variable is unset: keep the
    # context to close it there, or an open SQLite thread keeps the process alive after SIGTERM.
    ctx["tortoise"] = require_context()
    use_file_storage(LocalFileStorage(config.files_dir))
    # Alert mails carry links to the site and signed unsubscribe links.
    configure_accounts(account_config_for(config))
    use_claim_seconds(config.job_timeout_seconds)
    ctx.update(job_context(config.smtp_url, config.outbox_dir, config.mail_from))
    # Mails queued by a job (alerts, digests) are enqueued at once rather than at the next sweep.
    if "redis" in ctx:
        use_queue(ctx["redis"])


async def shutdown(ctx: dict[str, Any]) -> None:
    context: TortoiseContext | None = ctx.get("tortoise")
    if context is not None:
        await context.close_connections()


class WorkerSettings:
    """Read by `python -m workers`, which adds the Redis address from REDIS_URL."""

    functions: ClassVar = JOBS
    cron_jobs: ClassVar = [
        cron(archive_expired_offers, hour={3}, minute={15}, run_at_startup=True),
        cron(sweep_pending_mails, second={30}, run_at_startup=True),
        cron(purge_expired_account_data, minute={5}),
        cron(sweep_orphan_documents, hour={4}, minute={45}),
        cron(sweep_pending_matches, second={0}, run_at_startup=True),
        # Hourly, so a worker down at 7 a.m. still sends the digests when it comes back.
        cron(send_daily_digests, minute={2}, run_at_startup=True),
    ]
    on_startup = startup
    on_shutdown = shutdown
    max_tries = 8
    # arq's own health key in Redis (`arq --check`), beside our heartbeat file (workers/health.py).
    health_check_interval = 10
    job_serializer = QUEUE_OPTIONS["job_serializer"]
    job_deserializer = QUEUE_OPTIONS["job_deserializer"]
