"""`python -m server.worker health` tells a working worker from a stuck or dead one, and a worker
whose Redis stays away past its grace exits non-zero (for its supervisor to restart it)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from server.worker.supervision import EXIT_STALLED
from tests.mail_server import MailCatcher
from tests.workers.processes import RedisServer, start_worker, wait_until

GRACE = 5


async def _health(data: Path, *options: str) -> tuple[int, str]:
    env = {**os.environ, "PASS_DATA_DIR": str(data)}
    env.pop("PASS_WORKER_HEARTBEAT", None)
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "server.worker", "health", *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout + done.stderr  # one line, for a platform's log
    return done.returncode, lines[0]


# Redis and the process, not the database, are under test: the embedded default's engine only.
@pytest.mark.parametrize("engine", ["sqlite"])
async def test_health_follows_the_worker_and_a_long_outage_ends_it(db: str, tmp_path: Path) -> None:
    assert await _health(tmp_path) == (
        1,
        f"aucun battement du worker dans {tmp_path / 'worker.heartbeat'} : il n'a pas démarré ici",
    )
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    catcher = MailCatcher()
    catcher.start()
    # One process, whose heartbeat is the one read (a pool's: tests/workers/test_worker_pool.py).
    worker = start_worker(
        db,
        redis.url,
        tmp_path,
        smtp_url=catcher.url,
        extra={"PASS_WORKER_OUTAGE_GRACE": "5", "PASS_WORKER_PROCESSES": "1"},
    )
    try:

        async def healthy() -> bool:
            return (await _health(tmp_path))[0] == 0

        await wait_until("a healthy worker", healthy, timeout=40)
        code, reason = await _health(tmp_path)
        assert reason.startswith(f"ok : worker pid {worker.pid}, ")

        worker.send_signal(signal.SIGSTOP)  # stuck: alive, but its loop no longer turns

        async def stale() -> bool:
            return (await _health(tmp_path, "--max-age", "2"))[0] == 1

        await wait_until("the heartbeat to go stale", stale)
        code, reason = await _health(tmp_path, "--max-age", "2")
        assert code == 1
        assert reason.startswith(f"le worker (pid {worker.pid}) ne bat plus depuis ")
        worker.send_signal(signal.SIGCONT)
        await wait_until("a healthy worker again", healthy, timeout=10)

        redis.kill()
        gone = time.monotonic()
        code = await asyncio.to_thread(worker.wait, GRACE + 15)
        took = time.monotonic() - gone
        print(f"Redis away: the worker exited with {code} after {took:.1f} s")
        assert code == EXIT_STALLED
        assert took < GRACE + 5
        code, reason = await _health(tmp_path)
        assert code == 1
        assert reason.startswith(f"le worker (pid {worker.pid}) est arrêté ; ")
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGCONT)
            worker.kill()
            worker.wait(timeout=10)
        redis.kill()
        catcher.stop()
