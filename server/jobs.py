"""The web process's side of background work: where mails go once their change is committed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from arq.connections import ArqRedis

from models.accounts.config import AccountConfig
from models.events import use_announcer
from models.jobs import use_job_dispatcher
from models.mail.outbox import use_dispatcher
from server.broker import InProcessBroker, RedisBroker, use_broker
from server.settings import Settings
from workers.mail import enqueue_mails
from workers.queue import open_queue

__all__ = ["account_config_for", "job_queue", "live_events", "rate_limit_storage", "use_queue"]

log = logging.getLogger(__name__)


def rate_limit_storage(redis_url: str | None) -> str:
    """Sign-in counters in Redis when there is one, so that every web process shares them."""
    if not redis_url:
        return "memory://"
    if redis_url.startswith("unix://"):
        return "redis+" + redis_url
    return redis_url


def account_config_for(config: Settings) -> AccountConfig:
    return AccountConfig(
        secret=config.storage_secret,
        site_url=config.site_url,
        rate_limit_storage=rate_limit_storage(config.redis_url),
        max_document_bytes=config.max_document_bytes,
    )


@asynccontextmanager
async def live_events(redis_url: str | None) -> AsyncIterator[None]:
    """Publications reach this process's live subscribers: through Redis when there is one
    (so that every web process hears every publication), else in-process."""
    broker = RedisBroker(redis_url) if redis_url else InProcessBroker()
    await broker.start()
    use_broker(broker)

    async def announcer(offer_ids: Sequence[int]) -> None:
        try:
            await broker.publish(offer_ids)
        except Exception as error:  # live updates are best effort; alerts do not depend on them
            log.warning("could not announce offers: %s", type(error).__name__)

    use_announcer(announcer)
    try:
        yield
    finally:
        use_announcer(None)
        use_broker(None)
        await broker.stop()


@asynccontextmanager
async def job_queue(redis_url: str | None) -> AsyncIterator[None]:
    """Enqueues a send job per mail while the app runs; without Redis, mails wait in the
    database for a worker's sweep."""
    if not redis_url:
        yield
        return
    queue = await open_queue(redis_url)
    use_queue(queue)
    try:
        yield
    finally:
        use_dispatcher(None)
        use_job_dispatcher(None)
        await queue.aclose()


def use_queue(queue: ArqRedis) -> None:
    """Mails and jobs requested by domain operations are enqueued on `queue` once committed."""

    async def dispatcher(mail_ids: Sequence[int]) -> None:
        try:
            await enqueue_mails(queue, list(mail_ids))
        except Exception as error:  # the change is committed; the sweep will send the mail
            log.warning("could not enqueue mails %s: %s", list(mail_ids), type(error).__name__)

    async def job_dispatcher(job: str, ids: Sequence[int]) -> None:
        try:
            for job_id in ids:
                await queue.enqueue_job(job, job_id, _job_id=f"{job}:{job_id}")
        except Exception as error:  # committed already; the worker's sweep does the job
            log.warning("could not enqueue %s %s: %s", job, list(ids), type(error).__name__)

    use_dispatcher(dispatcher)
    use_job_dispatcher(job_dispatcher)
