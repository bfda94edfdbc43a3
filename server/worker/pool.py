"""Several worker processes side by side: `python -m server.worker --processes N`.

One worker process uses one core (its event loop), and a publication's alert mails come as
batches that any free worker takes: a worker process per core sends them that much sooner.
This parent starts N processes of `python -m server.worker --processes 1`, each with its own
heartbeat file (`heartbeat_file(base, k)`), and is supervised as one worker is:

- SIGTERM or SIGINT is passed on to every process, and the parent exits 0 once they have
  stopped (each stops within its own deadline; what is left after it is killed);
- when one process exits by itself (Redis away past its grace, a failure), the others are
  stopped and the parent exits with its code, for the platform (or `python -m server`) to
  start the whole set again, as it would restart a single worker;
- a process that loses its parent, even by SIGKILL, is stopped by the kernel (SIGTERM).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType

from server.worker.health import forget_other_beats, heartbeat_file
from server.worker.supervision import STOP_DEADLINE

__all__ = ["default_processes", "run_pool"]

log = logging.getLogger("workers.pool")


def default_processes() -> int:
    """PASS_WORKER_PROCESSES, else one per core this process may run on."""
    configured = os.environ.get("PASS_WORKER_PROCESSES", "").strip()
    if configured:
        count = int(configured)
        if count < 1:
            raise ValueError("PASS_WORKER_PROCESSES must be 1 or more")
        return count
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _die_with_parent() -> None:
    """Runs in each child: the kernel sends it SIGTERM if the parent dies, even by SIGKILL."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run_pool(count: int, heartbeat: Path) -> int:
    """Runs `count` worker processes until a signal (0) or until one of them ends (its code)."""
    forget_other_beats(heartbeat, keep=count)
    stopping = threading.Event()
    # Reaped here with os.wait() only: Popen.poll() would reap a child too and hide its code.
    alive: dict[int, subprocess.Popen[bytes]] = {}

    def stop_all(signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        if not stopping.is_set():
            stopping.set()
            # Whatever a child is stuck on, the parent's own exit must not wait for ever.
            timer = threading.Timer(STOP_DEADLINE + 1, _signal_all, [alive, signal.SIGKILL])
            timer.daemon = True
            timer.start()
        _signal_all(alive, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    for number in range(1, count + 1):
        if stopping.is_set():
            break
        child = subprocess.Popen(
            [sys.executable, "-m", "server.worker", "--processes", "1", "--in-pool"],
            env={**os.environ, "PASS_WORKER_HEARTBEAT": str(heartbeat_file(heartbeat, number))},
            preexec_fn=_die_with_parent,
        )
        alive[child.pid] = child
    log.info("%s processus worker démarrés", len(alive))
    code = 0
    while alive:
        try:
            pid, status = os.wait()  # a signal runs its handler, then the wait goes on
        except ChildProcessError:
            break
        if pid not in alive:
            continue
        child = alive.pop(pid)
        child.returncode = os.waitstatus_to_exitcode(status)
        if not stopping.is_set():
            code = child.returncode
            log.error("le processus worker %s est sorti (code %s) : arrêt des autres", pid, code)
            stop_all()
    # A child ended by a signal has a negative code: the parent reports a failure.
    return code if code >= 0 else 1


def _signal_all(alive: dict[int, subprocess.Popen[bytes]], signum: int) -> None:
    for pid in list(alive):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
