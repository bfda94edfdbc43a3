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

__all__ = [
    "DEFAULT_MAX_AGE",
    "Beat",
    "Heartbeat",
    "check",
    "check_all",
    "forget_other_beats",
    "heartbeat_file",
    "heartbeat_path",
    "main",
]

# The worker exits by itself after its outage grace (60 s by default); half of that is long
# enough to ride out a Redis restart and short enough for a platform to notice a hung process.
DEFAULT_MAX_AGE = 30.0
WRITE_EVERY = 1.0


def heartbeat_path(data_dir: Path | None = None) -> Path:
    """PASS_WORKER_HEARTBEAT, else `worker.heartbeat` in the data folder (PASS_DATA_DIR, as
    server.settings reads it). The processes of one `python -m server.worker` number theirs
    after it (`heartbeat_file`); several such commands on one machine, or a data folder shared
    between machines, need one path each."""
    configured = os.environ.get("PASS_WORKER_HEARTBEAT")
    if configured:
        return Path(configured)
    if data_dir is None:
        data_dir = Path(os.environ.get("PASS_DATA_DIR", "var")).resolve()
    return data_dir / "worker.heartbeat"


def heartbeat_file(base: Path, number: int) -> Path:
    """The file of a pool's `number`th worker process (from 1): the first keeps `base`, so that
    one process or several, `base` is there; the others add their number (`worker.heartbeat.2`)."""
    return base if number == 1 else base.with_name(f"{base.name}.{number}")


def _numbered(base: Path) -> dict[int, Path]:
    files = {}
    for path in base.parent.glob(f"{base.name}.*"):
        number = path.name.removeprefix(f"{base.name}.")
        if number.isdigit() and int(number) >= 2:
            files[int(number)] = path
    return files


def forget_other_beats(base: Path, keep: int) -> None:
    """Removes the files of processes beyond the `keep` about to start (a pool that was larger
    before), which would otherwise be read as dead workers."""
    for number, path in _numbered(base).items():
        if number > keep:
            path.unlink(missing_ok=True)


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


def check_all(base: Path, max_age: float = DEFAULT_MAX_AGE) -> tuple[bool, str]:
    """Every worker process's file (`base` and those numbered after it): healthy when all
    are; one line, the failing ones' reasons first."""
    results = [check(path, max_age) for _, path in sorted({1: base, **_numbered(base)}.items())]
    failing = [reason for healthy, reason in results if not healthy]
    if failing:
        return False, " | ".join(failing)
    return True, " | ".join(reason for _, reason in results)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m server.worker health",
        description="Exit 0 if the worker's heartbeat is fresh, 1 otherwise, with the reason.",
    )
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE, help="seconds")
    parser.add_argument(
        "--file",
        type=Path,
        default=None,
        help="heartbeat file to read (default: every worker process's)",
    )
    options = parser.parse_args(argv)
    if options.file is not None:
        healthy, reason = check(options.file, options.max_age)
    else:
        healthy, reason = check_all(heartbeat_path(), options.max_age)
    print(reason)
    return 0 if healthy else 1
