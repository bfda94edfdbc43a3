"""A worker, every process of it, killed (SIGKILL) in the middle of a batch of alerts, then
started again: every alert arrives, and none is queued twice.

The only repeat possible is a message the SMTP server had accepted when the kill came and that
was not yet marked sent: it goes again with the same Message-ID (so mail clients show it once).
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path

from models.clock import now, today
from models.demo.generator import generate_offers
from models.mail.tables import OutgoingMail
from models.offers.publishing import create_offers, publish_offers
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search, set_alert
from models.search.criteria import SearchCriteria
from tests.accounts.helpers import new_candidate
from tests.mail_server import MailCatcher, text_of

CANDIDATES = 12
OFFERS = 15
PROCESSES = 2
MAX_JOBS = 10  # arq's default: at most this many sends in flight per process at the kill


def _start_worker(db: str, redis_url: str, smtp_url: str, data: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "REDIS_URL": redis_url,
        "SMTP_URL": smtp_url,
        "PASS_DATA_DIR": str(data),
        "PASS_JOB_TIMEOUT_SECONDS": "3",
        "PASS_WORKER_PROCESSES": str(PROCESSES),
    }
    with (data / "worker.log").open("ab") as log:  # the worker writes to its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "server.worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own: killed at once, as a machine dies
        )


def _reference(message: EmailMessage) -> str:
    found = re.search(r"\b[AS]-\d{4}-\d{4}\b", text_of(message))
    assert found is not None
    return found[0]


async def _wait(
    condition_name: str,
    check: Callable[[], Awaitable[bool]],
    timeout: float,  # noqa: ASYNC109
) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {condition_name} after {timeout} s")
        await asyncio.sleep(0.1)


async def test_killed_worker_loses_no_alert_and_queues_none_twice(
    db: str, redis_url: str, tmp_path: Path
) -> None:
    catcher = MailCatcher(delay=0.05)
    catcher.start()
    criteria = SearchCriteria.build(types=["stage"], vocabulary=await vocabulary())
    addresses = []
    for n in range(CANDIDATES):
        candidate = await new_candidate(username=f"cand{n}", email=f"cand{n}@exemple.fr")
        search = await save_search(candidate, "Stages", criteria)
        await set_alert(candidate, search.id, True)
        addresses.append(candidate.email)
    await OutgoingMail.all().update(sent_at=now())  # welcome mails are not under test
    drafts = generate_offers(apprenticeships=0, stages=OFFERS, seed=8, today=today())
    offers = await create_offers(drafts)
    await publish_offers(offers)  # no job queue here: the worker's start-up sweep finds them
    expected = {(a, o.reference) for a in addresses for o in offers}

    worker = _start_worker(db, redis_url, catcher.url, tmp_path)
    try:
        await catcher.wait_for(40, timeout=60)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        at_kill = len(catcher.caught)
        assert at_kill < len(expected), "the worker finished before it could be killed"

        worker = _start_worker(db, redis_url, catcher.url, tmp_path)

        async def all_sent() -> bool:
            unsent = await OutgoingMail.filter(kind="offer_alert", sent_at__isnull=True).count()
            queued = await OutgoingMail.filter(kind="offer_alert").count()
            return queued == len(expected) and unsent == 0

        await _wait("every alert sent", all_sent, timeout=90)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        catcher.stop()

    received = [(str(m["To"]), _reference(m), str(m["Message-ID"])) for m in catcher.messages]
    assert {(to, ref) for to, ref, _ in received} == expected  # every alert arrived
    ids_per_alert = Counter((to, ref) for to, ref, _ in set(received))
    assert max(ids_per_alert.values()) == 1  # none was queued twice
    repeats = len(received) - len(set(received))  # same Message-ID, in flight at the kill
    assert repeats <= PROCESSES * MAX_JOBS, f"{repeats} repeated sends"
    print(f"killed after {at_kill} of {len(expected)} mails; repeated sends: {repeats}")
