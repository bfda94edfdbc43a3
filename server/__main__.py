"""The development runner: `python -m server`.

Migrates the database, loads the demo catalogue on first start, starts an embedded Redis unless
REDIS_URL is set, starts one arq worker beside the web server, and serves the site.
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

import uvicorn

from server.prepare import prepare
from server.settings import load_settings


def _die_with_parent() -> None:
    """Runs in the worker child: the kernel stops it if this process dies, even by SIGKILL."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


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
    worker = subprocess.Popen(
        [sys.executable, "-m", "workers"], env=environment, preexec_fn=_die_with_parent
    )
    print(f"PASS est en ligne : http://{config.host}:{config.port}/", flush=True)
    try:
        uvicorn.run("server.app:app", host=config.host, port=config.port, log_level="info")
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        if embedded is not None:
            embedded.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
