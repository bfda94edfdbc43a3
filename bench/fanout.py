"""Live fan-out benchmark: `python -m bench.fanout [--subscribers 1000] [--offers 10]`.

Starts the real site (uvicorn, one process, SQLite, Redis pub/sub for live events: an embedded
Redis unless --redis is given), opens N WebSocket clients that each subscribe to
`offerPublished(filter: {types: [STAGE]})` over graphql-transport-ws, then publishes offers one
at a time from this process (as another web process or the worker would) and measures, for
every subscriber, the time from the start of the publication to the offer's arrival. The same
run does it again against the naive baseline (bench.naive_fanout), where every subscription
loads the announced offers on its own.

The clients live in this one process: their own receiving is part of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets
from tortoise import Tortoise

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _wait_up(port: int) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            await asyncio.sleep(0.2)


async def _subscriber(
    port: int, ready: asyncio.Event, arrivals: list[dict[str, float]], offers: int
) -> None:
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        open_timeout=60,
        ping_interval=None,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        payload = {"query": SUBSCRIPTION, "variables": {"f": {"types": ["STAGE"]}}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        ready.set()
        seen: dict[str, float] = {}
        while len(seen) < offers:
            message = json.loads(await ws.recv())
            if message["type"] == "next":
                seen[message["payload"]["data"]["offerPublished"]["reference"]] = (
                    time.perf_counter()
                )
        arrivals.append(seen)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _run(
    name: str, command: list[str], redis_url: str, subscribers: int, offers: int, folder: Path
) -> list[float]:
    database = f"sqlite://{folder / f'{name}.sqlite3'}"
    await migrate_database(database)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "PASS_DATA_DIR": str(folder / name),
        "PASS_DEMO_DATA": "0",
    }
    server = subprocess.Popen([*command, str(port)], env=env)  # noqa: ASYNC220 (one start)
    await Tortoise.init(config=tortoise_config(database))
    publisher = RedisBroker(redis_url)
    await publisher.start()
    use_live_events(publisher)
    try:
        await _wait_up(port)
        arrivals: list[dict[str, float]] = []
        readies = [asyncio.Event() for _ in range(subscribers)]
        tasks = []
        for start in range(0, subscribers, 100):  # connect in waves, as clients arrive
            tasks += [
                asyncio.create_task(_subscriber(port, ready, arrivals, offers))
                for ready in readies[start : start + 100]
            ]
            await asyncio.gather(*(r.wait() for r in readies[start : start + 100]))
        await asyncio.sleep(2)  # the last subscriptions are registered on the server
        drafts = generate_offers(apprenticeships=0, stages=offers, seed=99, today=today())
        rows = await create_offers(drafts)
        started: dict[str, float] = {}
        for row in rows:
            started[row.reference] = time.perf_counter()
            await publish_offers([row])
            await asyncio.sleep(1.0)  # one publication at a time
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
        latencies = [
            (seen[reference] - started[reference]) * 1000
            for seen in arrivals
            for reference in started
        ]
        print(
            f"{name:>6}: {len(arrivals)} subscribers × {offers} offers, delivery latency "
            f"p50 {statistics.median(latencies):.1f} ms, p99 {_percentile(latencies, 0.99):.1f} "
            f"ms, max {max(latencies):.1f} ms",
            flush=True,
        )
        return latencies
    finally:
        use_live_events(None)
        await publisher.stop()
        await Tortoise.close_connections()
        server.terminate()
        server.wait(timeout=30)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--offers", type=int, default=10)
    parser.add_argument("--redis", help="a Redis URL (default: an embedded Redis)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pass-fanout-") as temporary:
        folder = Path(temporary)
        embedded = None
        redis_url = args.redis
        if not redis_url:
            from server.embedded_redis import start_embedded_redis

            embedded, redis_url = start_embedded_redis(folder / "redis")
        try:
            uvicorn = [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory",
                       "--log-level", "warning", "--ws-max-queue", "64", "--port"]  # fmt: skip
            ours = await _run("ours", uvicorn, redis_url, args.subscribers, args.offers, folder)
            naive_command = [sys.executable, "-m", "bench.naive_fanout"]
            naive = await _run(
                "naive", naive_command, redis_url, args.subscribers, args.offers, folder
            )
        finally:
            if embedded is not None:
                embedded.shutdown()
    for label, fraction in (("p50", 0.5), ("p99", 0.99)):
        ratio = _percentile(naive, fraction) / _percentile(ours, fraction)
        print(f"{label}: naive / ours = {ratio:.1f}×")


if __name__ == "__main__":
    asyncio.run(main())
