"""What a PASS process holds, opened in one place, in one order, and closed in reverse.

Every process opens the same runtime: the web app (its lifespan), the worker (arq's start-up),
the operator commands (`python -m server.admin`, `python -m server prepare`) and the tests. The
domain (models/) declares the ports it needs; this module builds their implementations from the
settings and plugs them in:

1. the data folder, the file storage (models.storage ← server.file_storage) and the open
   data folder (models.opendata);
2. account settings: signing secret, site address, shared rate-limit counters
   (models.accounts.config);
3. the database (Tortoise), with the per-process data derived from it (vocabulary, facet index,
   alert index) forgotten so that it is read from this database;
4. the job queue (models.jobs ← server.queue, arq on Redis) when there is a Redis; without
   one, work waits in its tables for the worker's sweeps;
5. live events (models.events): a Redis relay when there is a Redis and the process serves
   subscribers or publishes offers, else in-process fan-out;
6. for a worker: the mailer (models.mail.mailer ← server.mailers) and how long a send holds its
   mail; for the web: the facet index, built now rather than at the first visitor's search.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum

from arq import ArqRedis
from tortoise import Tortoise
from tortoise.context import TortoiseContext

from models.accounts import AccountConfig, close_throttles, configure_accounts
from models.db import tortoise_config
from models.derived_data import forget_derived_data
from models.events import InProcessEvents, LiveEvents, use_live_events
from models.jobs import JobQueue, use_job_queue
from models.mail import CLAIM_SECONDS, Mailer, use_claim_seconds
from models.opendata import use_open_data_dir
from models.search import current_facet_index
from models.site_identity import SiteIdentity, configure_site
from models.storage import FileStorage, use_file_storage
from server.api_rate_limit import close_api_limiters
from server.broker import RedisBroker
from server.file_storage import LocalFileStorage
from server.queue import ArqJobQueue, open_queue
from server.settings import Settings

__all__ = ["Role", "Runtime", "account_config_for", "open_runtime", "rate_limit_storage"]


class Role(StrEnum):
    WEB = "web"  # serves pages, the API and live subscriptions
    WORKER = "worker"  # runs background jobs; sends mail
    COMMAND = "command"  # an operator's command or a test: no warm-up, no mail sending


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    role: Role
    database: TortoiseContext
    storage: FileStorage
    accounts: AccountConfig
    jobs: JobQueue | None  # None without Redis
    events: LiveEvents
    mailer: Mailer | None  # a worker's only


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
async def open_database(database_url: str) -> AsyncIterator[TortoiseContext]:
    """Tortoise on this database for the duration, visible from every task of the process."""
    forget_derived_data()
    # The global fallback lets tasks started outside this one (requests, arq's jobs and its
    # shutdown hook) reach the database.
    context = await Tortoise.init(
        config=tortoise_config(database_url), _enable_global_fallback=True
    )
    try:
        yield context
    finally:
        # First: it stops the index's background reads before their database goes away.
        forget_derived_data()
        await context.close_connections()


@asynccontextmanager
async def open_runtime(
    settings: Settings, role: Role, *, queue: ArqRedis | None = None
) -> AsyncIterator[Runtime]:
    """Opens what a process of this role needs and plugs it into the domain; `queue` is the
    worker's own connection to arq (which owns it), used instead of opening one."""
    async with AsyncExitStack() as stack:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        storage = LocalFileStorage(settings.files_dir)
        use_file_storage(storage)
        use_open_data_dir(settings.open_data_dir)
        accounts = account_config_for(settings)
        configure_accounts(accounts)
        configure_site(
            SiteIdentity(
                site_url=settings.site_url,
                publisher=settings.publisher,
                publication_director=settings.publication_director,
                hosting=settings.hosting,
                contact_email=settings.contact_email,
            )
        )
        stack.push_async_callback(close_throttles)  # the sign-in counters' Redis clients
        stack.push_async_callback(close_api_limiters)

        database = await stack.enter_async_context(open_database(settings.database_url))

        jobs: JobQueue | None = None
        if queue is None and settings.redis_url:
            queue = await open_queue(settings.redis_url)
            stack.push_async_callback(queue.aclose)
        if queue is not None:
            jobs = ArqJobQueue(queue)
            use_job_queue(jobs)
            stack.callback(use_job_queue, None)

        events: LiveEvents
        if settings.redis_url and role is not Role.WORKER:
            broker = RedisBroker(settings.redis_url)
            await broker.start()
            stack.push_async_callback(broker.stop)
            events = broker
        else:
            events = InProcessEvents()
        use_live_events(events)
        stack.callback(use_live_events, None)

        mailer: Mailer | None = None
        if role is Role.WORKER:
            # Here: the SMTP client is the workers' alone, a web process starts without it.
            from server.mailers import mailer_for

            mailer = mailer_for(settings.smtp_url, settings.outbox_dir)
            use_claim_seconds(settings.job_timeout_seconds)
            stack.callback(use_claim_seconds, CLAIM_SECONDS)
        if role is Role.WEB:
            await current_facet_index()

        yield Runtime(settings, role, database, storage, accounts, jobs, events, mailer)
