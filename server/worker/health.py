"""The worker's heartbeat file, and `python -m server.worker health`, which reads it.

The file lives on the worker's own disk, not in Redis, so that an operator's check (or the
platform's) still answers when Redis is the thing that is down. The worker rewrites it about
once a second: after each pass of its loop that reached Redis, and while it cannot reach Redis
(saying so). A worker that died, hangs or has not reached Redis for `max_age` seconds is
unhealthy.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["DEFAULT_MAX_AGE", "Beat", "Heartbeat", "check", "heartbeat_path", "main"]

# The worker exits by itself after its outage grace (60 s by default); half of that is long
# enough to ride out a Redis restart and short enough for a platform to notice a hung process.
DEFAULT_MAX_AGE = 30.0
WRITE_EVERY = 1.0


def heartbeat_path(data_dir: Path | None = None) -> Path:
    """PASS_WORKER_HEARTBEAT, else `worker.heartbeat` in the data folder (PASS_DATA_DIR, as
    server.settings reads it). Several workers on one machine, or a data folder shared between
    machines, need one path per worker."""
    configured = os.environ.get("PASS_WORKER_HEARTBEAT")
    if configured:
        return Path(configured)
    if data_dir is None:
        data_dir = Path(os.environ.get("PASS_DATA_DIR", "var")).resolve()
    return data_dir / "worker.heartbeat"


@dataclass(frozen=True, slots=True)
class Beat:
    pid: int
    host: str
    written_at: float  # wall clock (time.time()): read by another process
    last_poll_at: float | None  # the last pass of the loop that reached Redis
    problem: str | None  # why the loop is not reaching Redis, while it is not
    jobs_complete: int


class Heartbeat:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._written = 0.0
        self._problem: str | None = None

    def beat(self, *, last_poll_at: float | None, problem: str | None, jobs_complete: int) -> None:
        """Rewrites the file, at most once a second unless the state changed."""
        moment = time.time()
        if problem == self._problem and moment - self._written < WRITE_EVERY:
            return
        beat = Beat(os.getpid(), socket.gethostname(), moment, last_poll_at, problem, jobs_complete)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(asdict(beat)))
        os.replace(partial, self.path)  # a reader never sees half a file
        self._written = moment
        self._problem = problem


def _read(path: Path) -> Beat | None:
    try:
        return Beat(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def check(path: Path, max_age: float = DEFAULT_MAX_AGE) -> tuple[bool, str]:
    """Whether the worker that writes `path` is working, and a one-line reason in French."""
    beat = _read(path)
    if beat is None:
        return False, f"aucun battement du worker dans {path} : il n'a pas démarré ici"
    moment = time.time()
    if beat.host == socket.gethostname() and not _alive(beat.pid):
        return False, (
            f"le worker (pid {beat.pid}) est arrêté ; "
            f"dernier battement il y a {moment - beat.written_at:.0f} s"
        )
    if moment - beat.written_at > max_age:
        return False, (
            f"le worker (pid {beat.pid}) ne bat plus depuis {moment - beat.written_at:.0f} s : "
            "processus bloqué ou arrêté"
        )
    if beat.last_poll_at is None or moment - beat.last_poll_at > max_age:
        since = "jamais" if beat.last_poll_at is None else f"{moment - beat.last_poll_at:.0f} s"
        return False, (
            f"le worker (pid {beat.pid}) n'a pas atteint Redis depuis {since}"
            + (f" : {beat.problem}" if beat.problem else "")
        )
    state = f" ; en difficulté : {beat.problem}" if beat.problem else ""
    return True, (
        f"ok : worker pid {beat.pid}, file lue il y a {moment - beat.last_poll_at:.1f} s, "
        f"{beat.jobs_complete} tâches faites{state}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m server.worker health",
        description="Exit 0 if the worker's heartbeat is fresh, 1 otherwise, with the reason.",
    )
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE, help="seconds")
    parser.add_argument("--file", type=Path, default=None, help="heartbeat file to read")
    options = parser.parse_args(argv)
    healthy, reason = check(options.file or heartbeat_path(), options.max_age)
    print(reason)
    return 0 if healthy else 1
