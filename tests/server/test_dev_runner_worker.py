"""`python -m server` keeps its worker: when Redis stays away longer than the worker's grace,
the worker exits non-zero, the runner starts it again, and once Redis is back every mail goes.
SIGTERM to the runner stops it and its worker."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from models.jobs import use_job_queue
from models.mail.tables import OutgoingMail
from server.queue import ArqJobQueue, open_queue
from tests.mail_server import MailCatcher
from tests.workers.processes import RedisServer, free_port, queue_mails, wait_until

OUTAGE_SECONDS = 20
RECOVERY_BOUND = 30


def _worker_pid(data: Path) -> int | None:
    try:
        return int(json.loads((data / "worker.heartbeat").read_text())["pid"])
    except (OSError, ValueError, KeyError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _start_runner(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:  # the runner writes to its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "server"], env=env, stdout=output, stderr=subprocess.STDOUT
        )


# Redis and the process, not the database, are under test: the embedded default's engine only.
@pytest.mark.parametrize("engine", ["sqlite"])
async def test_the_dev_runner_restarts_a_worker_that_gave_up_on_redis(
    db: str, tmp_path: Path
) -> None:
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    catcher = MailCatcher()
    catcher.start()
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "REDIS_URL": redis.url,
        "SMTP_URL": catcher.url,
        "PASS_DATA_DIR": str(tmp_path),
        "PORT": str(port := free_port()),
        "PASS_DEMO_DATA": "0",
        "PASS_WORKER_OUTAGE_GRACE": "5",
    }
    env.pop("PASS_WORKER_HEARTBEAT", None)
    runner = _start_runner(env, tmp_path / "runner.log")
    queue = await open_queue(redis.url)
    use_job_queue(ArqJobQueue(queue))
    try:

        async def site_up() -> bool:
            with contextlib.suppress(httpx.HTTPError):
                async with httpx.AsyncClient() as client:
                    response = await client.get(f"http://127.0.0.1:{port}/health")
                    return response.status_code == 200
            return False

        await wait_until("the site", site_up, timeout=60)  # the runner runs, web and worker
        await queue_mails("avant", 3)
        await catcher.wait_for(3, timeout=60)
        # Another of the worker's processes may have sent them before the first wrote its
        # heartbeat (a slow start on a busy machine).
        await wait_until(
            "the first heartbeat", lambda: _worker_pid(tmp_path) is not None, timeout=30
        )
        first = _worker_pid(tmp_path)
        assert first is not None

        redis.kill()
        outage_start = time.monotonic()
        await queue_mails("pendant", 5)
        await wait_until("the first worker to give up", lambda: not _alive(first), timeout=15)
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_start)))
        redis.start()
        back = time.monotonic()

        async def all_sent() -> bool:
            return await OutgoingMail.filter(sent_at__isnull=True).count() == 0

        try:
            await wait_until("every mail sent", all_sent, timeout=RECOVERY_BOUND)
        finally:
            print(
                f"dev runner: {len(catcher.caught)} of 8 mails delivered "
                f"{time.monotonic() - back:.1f} s after Redis came back"
            )
        assert {str(m["To"]) for m in catcher.messages} == {
            *(f"avant{n}@exemple.fr" for n in range(3)),
            *(f"pendant{n}@exemple.fr" for n in range(5)),
        }
        # The restarted set's first process beats under the same name, maybe a moment later.
        await wait_until(
            "the restarted worker's heartbeat",
            lambda: _worker_pid(tmp_path) not in (None, first),
            timeout=30,
        )
        second = _worker_pid(tmp_path)
        assert second is not None and second != first and _alive(second)

        runner.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(runner.wait, 20) == 0
        await wait_until("the worker to stop with the runner", lambda: not _alive(second), 5)
    finally:
        use_job_queue(None)
        await queue.aclose()
        if runner.poll() is None:
            runner.kill()
            runner.wait(timeout=10)
        redis.kill()
        catcher.stop()
