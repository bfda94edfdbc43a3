"""Writes from the web process and from a real worker process on the same database at once:
uploads and removals of documents, sign-ups, password-reset requests and saved searches all
succeed while the worker marks their mails sent. On the embedded SQLite default this used to
fail with « database is locked » in 3–16 % of the cycles.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from models.accounts.recovery import request_password_reset
from models.accounts.tables import Account
from models.documents.library import add_document, delete_document
from models.jobs import use_job_queue
from models.mail.tables import OutgoingMail
from models.reference.labels import vocabulary
from models.saved_searches.saved import delete_saved_search, rename_saved_search, save_search
from models.search.criteria import SearchCriteria
from server.embedded_redis import start_embedded_redis
from server.queue import ArqJobQueue, open_queue
from tests.accounts.helpers import fresh_address, new_candidate
from tests.documents.samples import SAMPLES, stream

CYCLES = int(os.environ.get("PASS_TEST_CONCURRENCY_CYCLES", "40"))
IN_FLIGHT = 8  # cycles running at once, as many people using the site together


@pytest.fixture
def embedded_redis(tmp_path: Path) -> Iterator[str]:
    """The zero-set-up default: the embedded Redis the web process and the worker share."""
    server, url = start_embedded_redis(tmp_path / "redis")
    yield url
    server.shutdown()


def _start_worker(db: str, redis_url: str, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": db, "REDIS_URL": redis_url, "PASS_DATA_DIR": str(data)}
    env.pop("SMTP_URL", None)  # mails go to the outbox folder: the worker writes files and rows
    with (data / "worker.log").open("ab") as log:  # the worker writes to its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "server.worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )


async def _all_mails_sent(timeout: float) -> int:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while await OutgoingMail.filter(sent_at__isnull=True).exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"mails still unsent after {timeout} s")
        await asyncio.sleep(0.2)
    return await OutgoingMail.all().count()


async def _cycle(n: int, criteria: SearchCriteria) -> None:
    """One person's visit: signs up, asks for a reset link, keeps a CV, saves a search."""
    candidate = await new_candidate(username=f"personne{n}", email=f"personne{n}@exemple.fr")
    await request_password_reset(candidate.username, client_address=fresh_address())
    for extension in ("docx", "pdf"):
        document = await add_document(
            candidate, "cv", f"cv.{extension}", stream(SAMPLES[extension])
        )
        await delete_document(candidate, document.id)
    search = await save_search(candidate, "Stages", criteria)
    await rename_saved_search(candidate, search.id, "Stages à Paris")
    await delete_saved_search(candidate, search.id)


async def test_web_and_worker_write_at_once_without_lock_errors(
    db: str, embedded_redis: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    queue = await open_queue(embedded_redis)
    use_job_queue(
        ArqJobQueue(queue)
    )  # every mail becomes a job at once: the worker writes while we do
    worker = _start_worker(db, embedded_redis, data)
    try:
        criteria = SearchCriteria.build(types=["stage"], vocabulary=await vocabulary())
        await _cycle(-1, criteria)
        await _all_mails_sent(timeout=60)  # the worker is up and writing

        gate = asyncio.Semaphore(IN_FLIGHT)
        failures: list[str] = []

        async def one(n: int) -> None:
            async with gate:
                try:
                    await _cycle(n, criteria)
                except Exception as error:
                    failures.append(f"{type(error).__name__}: {error}")

        started = time.monotonic()
        await asyncio.gather(*(one(n) for n in range(CYCLES)))
        elapsed = time.monotonic() - started
        sent = await _all_mails_sent(timeout=60)
    finally:
        use_job_queue(None)  # later tests run without a queue
        await queue.aclose()
        worker.terminate()
        worker.wait(timeout=20)

    worker_log = (data / "worker.log").read_text(errors="replace")
    print(f"{len(failures)} failed cycles of {CYCLES} in {elapsed:.1f} s; {sent} mails sent")
    assert failures == [], failures
    assert "locked" not in worker_log, worker_log[-3000:]
    assert sent == 2 * (CYCLES + 1)


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_a_write_that_waits_too_long_fails_alone(db: str) -> None:
    """Past the busy timeout a write fails, and the process's next writes work: the failed
    BEGIN IMMEDIATE leaves neither the connection's lock taken nor a transaction open."""
    await connections.get("default").execute_script("PRAGMA busy_timeout = 200")
    blocker = sqlite3.connect(db.removeprefix("sqlite://"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write

    async def count_in_a_transaction() -> int:
        async with in_transaction():
            return await Account.all().count()

    try:
        # In a task of its own, like a request: whatever it leaves behind, others meet.
        with pytest.raises(OperationalError, match="locked"):
            await asyncio.create_task(count_in_a_transaction())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    candidate = await asyncio.wait_for(new_candidate(), timeout=10)
    async with asyncio.timeout(10), in_transaction():
        await Account.filter(id=candidate.id).update(first_name="Léa")
    assert await Account.filter(first_name="Léa").count() == 1
