"""Running the arq worker so that it never stays alive doing nothing.

arq's own runner lets one Redis error end its loop, then fails again while closing (it deletes
its health key from the Redis that is away), before our shutdown hook has closed the database:
SQLite's thread then keeps the process alive, and the signal handlers died with the loop, so
SIGTERM is ignored. Here:

- a pass of arq's loop that fails on Redis (or on the network) is logged and tried again;
  when Redis is back the loop carries on and the mails that waited are enqueued at once;
- a watchdog ends the process with EXIT_STALLED when the loop has not reached Redis for
  `grace` seconds (Redis away for long, or the loop stuck): its supervisor restarts it;
- SIGTERM and SIGINT stop it within STOP_DEADLINE seconds whatever it is waiting on;
- each pass writes the heartbeat file read by `python -m server.worker health`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from datetime import timedelta
from typing import Any

from arq import ArqRedis
from arq.worker import Worker, get_kwargs
from redis.exceptions import RedisError

from models.mail import pending_mail_ids
from server.queue import open_queue
from server.worker.health import Heartbeat

__all__ = [
    "EXIT_FAILED",
    "EXIT_STALLED",
    "OUTAGE_GRACE",
    "STOP_DEADLINE",
    "SupervisedWorker",
    "catch_up_mails",
    "run_worker",
]

log = logging.getLogger("workers.supervision")

EXIT_FAILED = 1  # the loop or the start-up raised something else: see the log
EXIT_STALLED = 3  # Redis unreachable (or the loop stuck) for longer than the grace
EXIT_FORCED = 4  # asked to stop, but the clean-up did not finish in time

# Long enough to ride out a Redis restart or failover without a process restart; short enough
# that a platform notices (the worker exits non-zero) and can alert or restart it.
OUTAGE_GRACE = float(os.environ.get("PASS_WORKER_OUTAGE_GRACE", "60"))
STOP_DEADLINE = 8.0  # platforms send SIGKILL 10 s after SIGTERM
REPLY_TIMEOUT = 5.0  # no command of the worker's loop waits longer on Redis
RETRY_PAUSE = 1.0
DATABASE_CHECK_EVERY = 5.0

# What a pass of the loop may raise while Redis (or the way to it) is away.
REDIS_TROUBLE = (RedisError, OSError, asyncio.TimeoutError)


async def catch_up_mails(ctx: dict[str, Any]) -> int:
    """After a start or an outage (Redis or database): every mail still unsent, however recent
    (the regular sweep takes only those a minute old, to leave the web processes' own enqueues
    alone).

    Each gets a job under a new id: a send that failed on the database during the outage left
    a failed result under the mail's usual id, which makes arq refuse that id for an hour. A
    mail with two jobs is still sent once (claim, then mark sent)."""
    ids = await pending_mail_ids(older_than=timedelta(0))
    batch = time.time_ns()
    for mail_id in ids:
        await ctx["redis"].enqueue_job("send_mail", mail_id, _job_id=f"mail:{mail_id}:{batch}")
    return len(ids)


class SupervisedWorker(Worker):
    """arq's Worker, whose loop survives Redis errors and reports how it is doing."""

    def __init__(self, *, heartbeat: Heartbeat, **kwargs: Any) -> None:
        super().__init__(handle_signals=False, **kwargs)
        # arq keeps a started job's « in progress » mark for the longest timeout of any function
        # (+10 s): with the open data export's 30 minutes, the mails of a worker killed mid-send
        # would wait half an hour. The default timeout instead; a long export that outlives its
        # mark may be started again by another worker, which rewrites the same files atomically.
        self.in_progress_timeout_s = self.job_timeout_s + 10
        self.heartbeat = heartbeat
        self.last_poll = time.monotonic()  # the grace for reaching Redis runs from the start
        self.trouble_since: float | None = None
        self._catch_up_due = True  # mails queued while no worker ran, however recent
        self._database_checked = 0.0
        self._database_check: asyncio.Task[None] | None = None
        self.database_trouble_since: float | None = None

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        try:
            await super().start_jobs(job_ids)
        except REDIS_TROUBLE:
            # arq takes a slot (semaphore and counter) for the job it is starting and does not
            # give it back when Redis fails then: ten such failures and the loop would hang.
            self.job_counter -= 1
            self.sem.release()
            raise

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
            if self._catch_up_due:
                await self.pool.enqueue_job(
                    "catch_up_mails", _job_id=f"catch_up_mails:{time.time_ns()}"
                )
                self._catch_up_due = False
        except REDIS_TROUBLE as error:
            self._in_trouble(error)
            await asyncio.sleep(RETRY_PAUSE)
            return
        self._reached_redis()

    def _in_trouble(self, error: BaseException) -> None:
        moment = time.monotonic()
        problem = f"{type(error).__name__}: {error}"
        if self.trouble_since is None:
            self.trouble_since = moment
            log.warning("Redis injoignable, nouvelles tentatives : %s", problem)
        self.heartbeat.beat(
            last_poll_at=time.time() - (moment - self.last_poll),
            problem=f"Redis injoignable depuis {moment - self.trouble_since:.0f} s ({problem})",
            jobs_complete=self.jobs_complete,
        )

    def _reached_redis(self) -> None:
        self.last_poll = time.monotonic()
        if self.trouble_since is not None:
            log.warning("Redis de retour après %.0f s", self.last_poll - self.trouble_since)
            self.trouble_since = None
            self._after_outage()
        self._check_database_now_and_then()
        self.heartbeat.beat(
            last_poll_at=time.time(),
            problem=self._database_problem(),
            jobs_complete=self.jobs_complete,
        )

    def _after_outage(self) -> None:
        """What failed meanwhile is done now rather than at its next scheduled run."""
        self._catch_up_due = True
        # Scheduled runs that fell in the outage were skipped, and jobs that needed the
        # database failed: run the start-up ones again (sweeps of mails and alerts, expired
        # offers, digests), as after a restart.
        for job in self.cron_jobs:
            if job.run_at_startup:
                job.next_run = None

    def _database_problem(self) -> str | None:
        if self.database_trouble_since is None:
            return None
        since = time.monotonic() - self.database_trouble_since
        return f"base de données injoignable depuis {since:.0f} s"

    def _check_database_now_and_then(self) -> None:
        """The loop itself does not touch the database, only the jobs do: without this a
        database outage would go unnoticed, and the jobs it failed would wait for their
        next scheduled sweep (a minute) or for arq to forget their failure (an hour)."""
        moment = time.monotonic()
        if "tortoise" not in self.ctx or moment - self._database_checked < DATABASE_CHECK_EVERY:
            return
        if self._database_check is not None and not self._database_check.done():
            return  # the previous check still waits on the database
        self._database_checked = moment
        self._database_check = asyncio.create_task(self._check_database())

    async def _check_database(self) -> None:
        try:
            client = self.ctx["tortoise"].connections.get("default")
            await asyncio.wait_for(client.execute_query("SELECT 1"), timeout=REPLY_TIMEOUT)
        except Exception as error:
            if self.database_trouble_since is None:
                self.database_trouble_since = time.monotonic()
                log.warning("base de données injoignable : %s", type(error).__name__)
            return
        if self.database_trouble_since is not None:
            log.warning(
                "base de données de retour après %.0f s",
                time.monotonic() - self.database_trouble_since,
            )
            self.database_trouble_since = None
            self._after_outage()

    async def stalled(self, grace: float) -> float:
        """Returns once the loop has not reached Redis for `grace` seconds."""
        while True:
            await asyncio.sleep(1)
            silent = time.monotonic() - self.last_poll
            if silent > grace:
                return silent

    async def stop(self) -> None:
        """Cancels the running jobs (each runs again later: they are idempotent) and closes
        what the jobs opened, without waiting on a Redis that may be away."""
        tasks = [t for t in self.tasks.values() if not t.done()]
        if self._database_check is not None and not self._database_check.done():
            tasks.append(self._database_check)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        if self.on_shutdown is not None:
            try:
                await asyncio.wait_for(self.on_shutdown(self.ctx), timeout=3)
            except Exception as error:
                log.warning("arrêt : fermeture incomplète (%s)", type(error).__name__)
        with contextlib.suppress(*REDIS_TROUBLE):
            await asyncio.wait_for(self.pool.delete(self.health_check_key), timeout=1)
        await self.pool.aclose()


async def _wait_for_redis(pool: ArqRedis, stopping: asyncio.Event, grace: float) -> bool:
    """Until Redis answers (True), `grace` runs out or a stop is asked (False)."""
    deadline = time.monotonic() + grace
    reported = False
    while not stopping.is_set():
        try:
            await pool.ping()
            return True
        except REDIS_TROUBLE as error:
            if not reported:
                log.warning("Redis injoignable au démarrage, on attend : %s", error)
                reported = True
        if time.monotonic() > deadline:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=RETRY_PAUSE)
    return False


def _force_exit_later() -> None:
    """Whatever the clean stop is stuck on (a Redis read, a database thread), the process ends
    STOP_DEADLINE seconds after the signal."""

    def force() -> None:
        log.error("arrêt forcé : le nettoyage a dépassé %.0f s", STOP_DEADLINE)
        logging.shutdown()
        os._exit(EXIT_FORCED)

    timer = threading.Timer(STOP_DEADLINE, force)
    timer.daemon = True
    timer.start()


async def supervise(
    settings_cls: type,
    redis_url: str,
    heartbeat: Heartbeat,
    *,
    job_timeout: int,
    grace: float = OUTAGE_GRACE,
) -> int:
    """Runs the worker until a signal (0), a stall (EXIT_STALLED) or a failure (EXIT_FAILED)."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def on_signal(signum: int) -> None:
        if not stopping.is_set():
            log.info("arrêt demandé (%s)", signal.Signals(signum).name)
            stopping.set()
            _force_exit_later()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)

    pool = await open_queue(redis_url, reply_timeout=REPLY_TIMEOUT)
    if not await _wait_for_redis(pool, stopping, grace):
        await pool.aclose()
        if stopping.is_set():
            return 0
        log.error("Redis injoignable depuis %.0f s : sortie pour redémarrage", grace)
        return EXIT_STALLED

    worker = SupervisedWorker(
        heartbeat=heartbeat,
        **{**get_kwargs(settings_cls), "redis_pool": pool, "job_timeout": job_timeout},
    )
    tasks = {
        asyncio.create_task(worker.main(), name="arq"),
        asyncio.create_task(worker.stalled(grace), name="watchdog"),
        asyncio.create_task(stopping.wait(), name="signal"),
    }
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.wait(pending, timeout=2)
    finished = done.pop()
    if finished.get_name() == "signal":
        code = 0
    elif finished.get_name() == "watchdog":
        log.error(
            "la boucle n'a pas atteint Redis depuis %.0f s : sortie pour redémarrage",
            finished.result(),
        )
        code = EXIT_STALLED
    elif (error := finished.exception()) is not None:
        log.error("le worker s'est arrêté sur une erreur", exc_info=error)
        code = EXIT_FAILED
    else:  # arq's loop never ends by itself outside burst mode
        code = EXIT_FAILED
    await worker.stop()
    return code


def run_worker(settings_cls: type, redis_url: str, heartbeat: Heartbeat, job_timeout: int) -> None:
    """Runs the worker and ends the process with its exit code."""
    code = asyncio.run(supervise(settings_cls, redis_url, heartbeat, job_timeout=job_timeout))
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is closed by now; a leftover non-daemon thread (aiosqlite's, if the database
    # would not close) must not keep a finished worker alive.
    os._exit(code)
