"""The development runner: `python -m server`.

Migrates the database, loads the demo catalogue on first start, starts an embedded Redis unless
REDIS_URL is set, starts the arq worker (one process per core, see server/worker/pool.py) beside
the web server (and starts it again whenever it fails, as the Procfile's platform does in
production), and serves the site.
`python -m server prepare` does only the first two steps (for a production release phase).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import uvicorn

from server.prepare import prepare
from server.settings import load_settings

log = logging.getLogger("server")


def _die_with_parent() -> None:
    """Runs in the worker child: the kernel stops it if this process dies, even by SIGKILL."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# The worker exits non-zero when Redis stayed away past its grace, or on a failure: start it
# again after a pause that doubles up to a cap, so that it resumes soon after Redis is back
# without spinning while Redis is away.
FIRST_PAUSE = 1.0
MAX_PAUSE = 10.0
STEADY_SECONDS = 60.0  # a worker that ran this long failed afresh: back to the first pause


class WorkerKeeper:
    """Runs `python -m server.worker` in a child process, restarted whenever it exits non-zero."""

    def __init__(self, environment: dict[str, str]) -> None:
        self._environment = environment
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._keep, name="worker-keeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        with self._lock:  # never start a worker once stop() has begun
            if self._stopping.is_set():
                return None
            # PR_SET_PDEATHSIG follows the thread that forks, not the process: this thread
            # waits on the child for as long as it lives, so that holds.
            self._process = subprocess.Popen(
                [sys.executable, "-m", "server.worker"],
                env=self._environment,
                preexec_fn=_die_with_parent,
            )
            return self._process

    def _keep(self) -> None:
        pause = FIRST_PAUSE
        while (process := self._spawn()) is not None:
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if code == 0:  # it was asked to stop (SIGTERM or Ctrl-C), not by us: let it be
                log.warning("le worker s'est arrêté ; relancez « python -m server » pour l'avoir")
                return
            if time.monotonic() - started > STEADY_SECONDS:
                pause = FIRST_PAUSE
            log.warning("le worker est sorti avec le code %s ; relance dans %.0f s", code, pause)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, MAX_PAUSE)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # uvicorn re-raises the signal it caught once it has shut down; exiting through SystemExit
    # lets the finally block below stop the worker and the embedded Redis.
    raise SystemExit(0)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = load_settings()
    asyncio.run(prepare(config))
    if argv[1:2] == ["prepare"]:
        return 0
    embedded = None
    redis_url = config.redis_url
    if redis_url is None:
        from server.embedded_redis import start_embedded_redis

        embedded, redis_url = start_embedded_redis(config.data_dir)
    environment = {**os.environ, "REDIS_URL": redis_url, "PASS_DATA_DIR": str(config.data_dir)}
    os.environ.update(environment)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    worker = WorkerKeeper(environment)
    worker.start()
    print(f"PASS est en ligne : http://{config.host}:{config.port}/", flush=True)
    try:
        uvicorn.run(
            "server.app:create_app",
            factory=True,
            host=config.host,
            port=config.port,
            log_level="info",
            # Each WebSocket would keep a compressor and a decompressor (~50 KB a page open)
            # for socket.io's small messages: not worth it.
            ws_per_message_deflate=False,
        )
    finally:
        worker.stop()
        if embedded is not None:
            embedded.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
