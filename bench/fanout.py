"""Live fan-out benchmark: `python -m bench.fanout [--subscribers 1000 10000] [--offers 5]`.

Starts the real site (uvicorn, one process, SQLite, Redis pub/sub for live events: an embedded
Redis unless --redis is given) and, in --client-processes separate processes (so that the
figures are the server's, not the clients'), N WebSocket clients that each subscribe to
`offerPublished(filter: {types: [STAGE]})` over graphql-transport-ws. Then it publishes offers
one at a time from this process (as another web process or the worker would: through the
database and Redis), each once the previous one has reached every subscriber, and measures,
for every subscriber, the time from the start of the publication to the offer's arrival
(CLOCK_MONOTONIC, shared by the processes of one machine). Warm-up offers go first until
every subscriber has heard one (the server registers subscriptions at its own pace).

The same run does it again against the naive baseline (bench.naive_fanout: Strawberry's own
transport handler, where every subscription executes its selection and encodes its message).
Issue 11's goal: p99 ≤ 1 s for 10,000 subscribers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import queue
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from bench.processes import NO_API_LIMITS, cpu_seconds, free_port, stop, wait_until_up
from models.clock import today
from models.db import migrate_database, tortoise_config
from models.demo.generator import generate_offers
from models.events import use_live_events
from models.offers.publishing import create_offers, publish_offers
from server.broker import RedisBroker

SUBSCRIPTION = (
    "subscription($f: OfferFilter) { offerPublished(filter: $f) { reference title "
    "location { city } diplomaLevel { label } } }"
)
GOAL_SUBSCRIBERS = 10_000
GOAL_P99_MS = 1_000.0
# Connections a client process opens at once: a browser crowd arrives over time, too.
WAVE = 200
# How long one publication may take to reach everyone before the run is given up.
DELIVERY_TIMEOUT = 300.0
WARM_UP_WAIT = 5.0

# (kind, client index, detail): "connected", "got" (a reference every connection of that
# process has received), "arrivals" (reference -> arrival times, at the end).
Report = tuple[str, int, Any]


def _raise_fd_limit(needed: int) -> None:
    """Each connection is a file descriptor on both ends: the soft limit goes up to the hard
    one (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = hard if hard == resource.RLIM_INFINITY else min(hard, max(needed, soft))
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        print(f"warning: {soft} file descriptors allowed, {needed} wanted", flush=True)


# --- client processes ----------------------------------------------------------------------


def _clients_main(
    index: int, port: int, count: int, commands: Connection, reports: Queue[Report]
) -> None:
    _raise_fd_limit(count + 64)
    asyncio.run(_clients(index, port, count, commands, reports))


async def _clients(
    index: int, port: int, count: int, commands: Connection, reports: Queue[Report]
) -> None:
    arrivals: defaultdict[str, list[float]] = defaultdict(list)
    connections: list[ClientConnection] = []
    receivers: list[asyncio.Task[None]] = []

    warm = 0

    async def receive(ws: ClientConnection) -> None:
        nonlocal warm
        heard = False
        async for raw in ws:
            now = time.monotonic()
            message = json.loads(raw)
            if message["type"] != "next":
                continue
            if not heard:
                heard, warm = True, warm + 1
                if warm == count:
                    reports.put(("warm", index, None))
            reference = message["payload"]["data"]["offerPublished"]["reference"]
            times = arrivals[reference]
            times.append(now)
            if len(times) == count:
                reports.put(("got", index, reference))

    async def subscriber() -> None:
        ws = await connect(
            f"ws://127.0.0.1:{port}/graphql",
            subprotocols=[Subprotocol("graphql-transport-ws")],
            open_timeout=120,
            ping_interval=None,
        )
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": SUBSCRIPTION, "variables": {"f": {"types": ["STAGE"]}}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        connections.append(ws)
        receivers.append(asyncio.create_task(receive(ws)))

    for start in range(0, count, WAVE):
        await asyncio.gather(*(subscriber() for _ in range(min(WAVE, count - start))))
    reports.put(("connected", index, None))
    measured: list[str] = await asyncio.to_thread(commands.recv)
    reports.put(("arrivals", index, {reference: arrivals[reference] for reference in measured}))
    for task in receivers:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in connections), return_exceptions=True)


# --- one run against one server ------------------------------------------------------------


class _Reports:
    def __init__(self, reports: Queue[Report], processes: int) -> None:
        self.reports = reports
        self.processes = processes
        self.got: defaultdict[str, set[int]] = defaultdict(set)
        self.kept: defaultdict[str, list[Report]] = defaultdict(list)

    async def next(self, deadline: float) -> Report | None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return await asyncio.to_thread(self.reports.get, True, min(remaining, 1.0))
        except queue.Empty:
            return None

    async def all(self, kind: str, timeout: float) -> list[Report]:  # noqa: ASYNC109
        """The reports of this kind received so far, waiting until every process has sent
        one or the timeout."""
        deadline = time.monotonic() + timeout
        found = self.kept[kind]
        while len(found) < self.processes and time.monotonic() < deadline:
            report = await self.next(deadline)
            if report is None:
                continue
            if report[0] == "got":
                self.got[report[2]].add(report[1])
            self.kept[report[0]].append(report)
        return found

    async def everyone_got(self, reference: str, timeout: float) -> bool:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while len(self.got[reference]) < self.processes:
            report = await self.next(deadline)
            if report is None:
                if time.monotonic() >= deadline:
                    return False
                continue
            if report[0] == "got":
                self.got[report[2]].add(report[1])
            self.kept[report[0]].append(report)
        return True


async def _run(
    name: str,
    command: list[str],
    redis_url: str,
    subscribers: int,
    offers: int,
    client_processes: int,
    folder: Path,
) -> _Run:
    database = f"sqlite://{folder / f'{name}-{subscribers}.sqlite3'}"
    await migrate_database(database)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "PASS_DATA_DIR": str(folder / f"{name}-{subscribers}"),
        "PASS_DEMO_DATA": "0",
        **NO_API_LIMITS,
    }
    server = subprocess.Popen([*command, str(port)], env=env)  # noqa: ASYNC220 (one start)
    await Tortoise.init(config=tortoise_config(database))
    publisher = RedisBroker(redis_url)
    await publisher.start()
    use_live_events(publisher)
    context = multiprocessing.get_context("spawn")
    reports: Queue[Report] = context.Queue()
    pipes: list[Connection] = []
    clients = []
    try:
        await wait_until_up(port, [server], within=60)
        shares = [subscribers // client_processes] * client_processes
        shares[0] += subscribers - sum(shares)
        for index, share in enumerate(shares):
            mine, theirs = context.Pipe()
            pipes.append(mine)
            process = context.Process(
                target=_clients_main, args=(index, port, share, theirs, reports), daemon=True
            )
            process.start()
            clients.append(process)
        inbox = _Reports(reports, client_processes)
        connecting = time.monotonic()
        # Each connection costs the server its handshake and a subscription's validation:
        # on a busy machine that can be tens of milliseconds.
        connect_timeout = 60 + 0.1 * subscribers
        if len(await inbox.all("connected", connect_timeout)) < client_processes:
            raise SystemExit(f"{name}: the clients could not all connect")
        print(
            f"{name:>6}: {subscribers} subscribers connected in "
            f"{time.monotonic() - connecting:.1f} s",
            flush=True,
        )
        drafts = generate_offers(apprenticeships=0, stages=offers + 20, seed=99, today=today())
        rows = await create_offers(drafts)
        warm_ups, measured_rows = rows[offers:], rows[:offers]
        # Warm-up offers until every connection has heard one (its subscription is registered
        # on the server, at the server's pace), then until the last one has reached everyone.
        for row in warm_ups:
            await publish_offers([row])
            if len(await inbox.all("warm", WARM_UP_WAIT)) == client_processes:
                break
        else:
            raise SystemExit(f"{name}: not every subscriber heard the warm-up offers")
        if not await inbox.everyone_got(row.reference, DELIVERY_TIMEOUT):
            raise SystemExit(f"{name}: the warm-up offers did not reach every subscriber")
        started: dict[str, float] = {}
        announcing: list[float] = []
        server_cpu: list[float] = []
        for row in measured_rows:
            await asyncio.sleep(0.3)
            cpu = cpu_seconds(server.pid)
            started[row.reference] = time.monotonic()
            await publish_offers([row])
            announcing.append((time.monotonic() - started[row.reference]) * 1000)
            if not await inbox.everyone_got(row.reference, DELIVERY_TIMEOUT):
                raise SystemExit(f"{name}: {row.reference} did not reach every subscriber")
            server_cpu.append((cpu_seconds(server.pid) - cpu) * 1000)
        for pipe in pipes:
            pipe.send(list(started))
        latencies: list[float] = []
        for _, _, arrivals in await inbox.all("arrivals", 120):
            for reference, times in arrivals.items():
                latencies += [(arrived - started[reference]) * 1000 for arrived in times]
        cpu_ms = statistics.median(server_cpu)
        print(
            f"{name:>6}: {subscribers} subscribers × {offers} offers, delivery latency "
            f"p50 {statistics.median(latencies):.0f} ms, p99 {_percentile(latencies, 0.99):.0f} "
            f"ms, max {max(latencies):.0f} ms; publishing (database, Redis) took "
            f"{statistics.median(announcing):.0f} ms; server CPU per publication {cpu_ms:.0f} ms",
            flush=True,
        )
        return _Run(latencies, cpu_ms)
    finally:
        for process in clients:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
        use_live_events(None)
        await publisher.stop()
        await Tortoise.close_connections()
        stop(server)


@dataclass(frozen=True)
class _Run:
    latencies: list[float]
    server_cpu_ms: float


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--offers", type=int, default=5, help="measured offers per run")
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--redis", help="a Redis URL (default: an embedded Redis)")
    args = parser.parse_args()
    _raise_fd_limit(max(args.subscribers) + 256)
    uvicorn = [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory",
               "--log-level", "warning", "--ws-max-queue", "64", "--port"]  # fmt: skip
    naive_command = [sys.executable, "-m", "bench.naive_fanout"]
    results: list[tuple[int, _Run, _Run]] = []
    with tempfile.TemporaryDirectory(prefix="pass-fanout-") as temporary:
        folder = Path(temporary)
        embedded = None
        redis_url = args.redis
        if not redis_url:
            from server.embedded_redis import start_embedded_redis

            embedded, redis_url = start_embedded_redis(folder / "redis")
        try:
            for count in args.subscribers:
                runs = (("ours", uvicorn), ("naive", naive_command))
                ours, naive = [
                    await _run(
                        name, command, redis_url, count, args.offers, args.client_processes,
                        folder,
                    )
                    for name, command in runs
                ]  # fmt: skip
                results.append((count, ours, naive))
        finally:
            if embedded is not None:
                embedded.shutdown()
    print(
        "\nsubscribers  ours p50 / p99 (ms)  naive p50 / p99 (ms)  naive/ours p99"
        "  server CPU per publication, ours / naive (ms)"
    )
    for count, ours, naive in results:
        o50, o99 = statistics.median(ours.latencies), _percentile(ours.latencies, 0.99)
        n50, n99 = statistics.median(naive.latencies), _percentile(naive.latencies, 0.99)
        print(
            f"{count:>11,}  {o50:>8.0f} / {o99:<8.0f}  {n50:>9.0f} / {n99:<9.0f}  "
            f"{n99 / o99:>8.1f}×      {ours.server_cpu_ms:>6.0f} / {naive.server_cpu_ms:<6.0f} "
            f"({naive.server_cpu_ms / max(ours.server_cpu_ms, 1):.1f}×)"
        )
    print(f"goal (issue 11): p99 ≤ {GOAL_P99_MS:,.0f} ms for {GOAL_SUBSCRIBERS:,} subscribers")


if __name__ == "__main__":
    asyncio.run(main())
