"""`python -m server.worker --processes N`: N worker processes that all send mail, each with its
own heartbeat read by one `health` check; one ending ends the set (for its supervisor to start
it again), and SIGTERM stops them all."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.jobs import use_job_queue
from models.mail.tables import OutgoingMail
from server.queue import ArqJobQueue, open_queue
from tests.mail_server import MailCatcher
from tests.workers.processes import RedisServer, queue_mails, start_worker, wait_until

TWO = {"PASS_WORKER_PROCESSES": "2"}  # whatever the cores of the machine running the tests


async def _health(data: Path) -> tuple[int, str]:
    env = {**os.environ, "PASS_DATA_DIR": str(data)}
    env.pop("PASS_WORKER_HEARTBEAT", None)
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server.worker", "health"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout + done.stderr  # one line, for a platform's log
    return done.returncode, lines[0]


def _beat_pids(data: Path) -> list[int]:
    files = [data / "worker.heartbeat", data / "worker.heartbeat.2"]
    return [int(json.loads(f.read_text())["pid"]) for f in files if f.exists()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# Processes, not the database, are under test: the embedded default's engine only.
@pytest.mark.parametrize("engine", ["sqlite"])
async def test_a_pool_of_two_sends_reports_and_stops_as_one_worker(db: str, tmp_path: Path) -> None:
    (tmp_path / "worker.heartbeat.3").write_text("{}")  # left by a larger pool: forgotten
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    catcher = MailCatcher()
    catcher.start()
    queue = await open_queue(redis.url)
    use_job_queue(ArqJobQueue(queue))
    worker = start_worker(db, redis.url, tmp_path, smtp_url=catcher.url, extra=TWO)
    second: subprocess.Popen[bytes] | None = None
    try:

        async def both_beat() -> bool:
            return len(_beat_pids(tmp_path)) == 2 and (await _health(tmp_path))[0] == 0

        await wait_until("two healthy worker processes", both_beat, timeout=60)
        code, reason = await _health(tmp_path)
        first, other = _beat_pids(tmp_path)
        assert reason.startswith(f"ok : worker pid {first}, ")
        assert f" | ok : worker pid {other}, " in reason
        assert worker.pid not in (first, other)
        assert not (tmp_path / "worker.heartbeat.3").exists()

        await queue_mails("pool", 30)

        async def all_sent() -> bool:
            return await OutgoingMail.filter(sent_at__isnull=True).count() == 0

        await wait_until("every mail sent", all_sent, timeout=60)
        assert sorted(str(m["To"]) for m in catcher.messages) == sorted(
            f"pool{n}@exemple.fr" for n in range(30)
        )

        os.kill(other, signal.SIGKILL)  # one process dies: the set ends, non-zero
        assert await asyncio.to_thread(worker.wait, 20) != 0
        await wait_until("the other process to stop", lambda: not _alive(first), timeout=5)
        code, reason = await _health(tmp_path)
        assert code == 1
        assert "est arrêté" in reason

        second = start_worker(db, redis.url, tmp_path, smtp_url=catcher.url, extra=TWO)
        await wait_until("a new pair", both_beat, timeout=60)
        pair = _beat_pids(tmp_path)
        second.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(second.wait, 20) == 0
        await wait_until("the pool's processes to stop", lambda: not any(map(_alive, pair)), 5)
    finally:
        use_job_queue(None)
        await queue.aclose()
        for process in (worker, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        redis.kill()
        catcher.stop()
