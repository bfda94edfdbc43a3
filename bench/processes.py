"""What the benchmarks that start processes share: a free port, waiting for a server to
answer, what a process uses (CPU, memory), stopping it and stopping cleanly when asked to."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

import httpx

# A benchmark fires thousands of API requests a minute from one address: it measures the
# server, not the rate limits (server.api_rate_limit), which would answer 429.
NO_API_LIMITS = {
    "PASS_API_READ_LIMIT": "1000000000/minute",
    "PASS_API_WRITE_LIMIT": "1000000000/minute",
}

__all__ = [
    "NO_API_LIMITS",
    "PeakMemory",
    "cpu_seconds",
    "descendants",
    "free_port",
    "rss_mb",
    "run_until_stopped",
    "start_server",
    "stop",
    "wait_until_up",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (Linux /proc): what a piece of work costs it, whatever else
    the machine is doing."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The process and every process below it (Linux /proc), e.g. a worker and the worker
    processes it started."""
    found = [pid]
    for process in found:
        for task in Path(f"/proc/{process}/task").glob("*"):
            with contextlib.suppress(OSError):  # the task ended meanwhile
                found += [int(child) for child in (task / "children").read_text().split()]
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    """Samples a process's resident set (MB) every 10 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.01)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def wait_until_up(
    port: int,
    processes: Sequence[subprocess.Popen[bytes]] = (),
    within: float = 300,
    poll: float = 0.2,
) -> None:
    """Returns once http://127.0.0.1:`port`/health answers 200. Minutes by default, not
    seconds: on a busy machine a process takes its time to start. A shorter `poll` for a
    caller that times the start."""
    deadline = time.monotonic() + within
    async with httpx.AsyncClient() as client:
        while True:
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"a server process stopped (is port {port} free?)")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server on port {port} did not answer within {within:g} s")
            await asyncio.sleep(poll)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def start_server(
    command: list[str], env: dict[str, str], port: int, **popen: Any
) -> subprocess.Popen[bytes]:
    """`command` started and answering on `port`; stopped again if it does not."""
    process = subprocess.Popen(command, env=env, **popen)  # noqa: ASYNC220 (one start)
    try:
        await wait_until_up(port, [process])
    except BaseException:
        stop(process)
        raise
    return process


def run_until_stopped(main: Coroutine[Any, Any, None]) -> None:
    """`asyncio.run(main)`, where SIGTERM, like Ctrl-C, cancels `main`, so that its `finally`
    blocks stop the processes it started and remove its temporary folders."""

    async def guarded() -> None:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        await main

    try:
        asyncio.run(guarded())
    except (KeyboardInterrupt, asyncio.CancelledError):
        raise SystemExit(130) from None
