"""Search benchmark: `python -m bench.search [--offers 100000] [--postgres URL]`.

Builds a catalogue with the demo generator (kept between runs in bench-results/), then times
the `offers` search with every facet for a few representative filters: in-process (the domain
function), over HTTP (the GraphQL query through uvicorn), and the naive SQL baseline beside
them. Prints p50/p95/p99 in milliseconds and the ratio naive / ours.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from tortoise import Tortoise

from bench.naive_search import naive_search
from models.clock import today
from models.db import migrate_database, tortoise_config
from models.demo.generator import generate_offers
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.facet_index import current_facet_index
from models.search.offers import search_offers

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"

FILTERS: dict[str, dict[str, Any]] = {
    "no filter": {},
    "one type": {"types": ["stage"]},
    "keyword, common": {"keywords": "communication"},
    "keyword, rare": {"keywords": "tokyo"},
    "three facets": {
        "types": ["apprentissage"],
        "regions": ["IDF", "ARA"],
        "domains": ["numerique", "rh"],
    },
}

GRAPHQL = """query($filter: OfferFilter) { offers(filter: $filter, first: 20) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { reference title type location { city } domain { label } } }
  facets { types { value label count selected } diplomaLevels { value label count selected }
    domains { value label count selected } administrations { value label count selected }
    regions { value label count selected } departments { value label count selected }
    countries { value label count selected } } } }"""


@dataclass
class Figures:
    p50: float
    p95: float
    p99: float

    def __str__(self) -> str:
        return f"{self.p50:8.2f} {self.p95:8.2f} {self.p99:8.2f}"


def _figures(samples: list[float]) -> Figures:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return Figures(statistics.median(samples), cuts[94], cuts[98])


async def _timed(run: Callable[[], Awaitable[object]], runs: int) -> Figures:
    for _ in range(3):
        await run()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await run()
        samples.append((time.perf_counter() - start) * 1000)
    return _figures(samples)


async def _load(count: int) -> None:
    present = await Offer.all().count()
    if present >= count:
        return
    started = time.perf_counter()
    drafts = generate_offers(
        apprenticeships=count * 3 // 10, stages=count - count * 3 // 10, seed=7, today=today()
    )
    for start in range(0, len(drafts), 10_000):
        await publish_offers(await create_offers(drafts[start : start + 10_000]))
    print(f"  loaded {count} offers in {time.perf_counter() - started:.1f} s")


def _criteria(raw: dict[str, Any], words: Any) -> SearchCriteria:
    return SearchCriteria.build(**raw, vocabulary=words)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _over_http(database_url: str, runs: int) -> dict[str, Figures]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PASS_DATA_DIR": str(RESULTS / "http-data"),
        "PASS_DEMO_DATA": "0",
    }
    server = subprocess.Popen(  # noqa: ASYNC220 (started once, not on a hot path)
        [
            sys.executable,
            "-m",
            "uvicorn",
            "server.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    figures = {}
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(200):
                try:
                    if (await client.get("/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.2)
            for name, raw in FILTERS.items():
                variables = {"filter": _graphql_filter(raw)}

                async def call(variables: dict[str, Any] = variables) -> None:
                    response = await client.post(
                        "/graphql", json={"query": GRAPHQL, "variables": variables}
                    )
                    assert "errors" not in response.json(), response.text

                figures[name] = await _timed(call, runs)
    finally:
        server.terminate()
        server.wait()
    return figures


def _graphql_filter(raw: dict[str, Any]) -> dict[str, Any]:
    converted = dict(raw)
    if "types" in converted:
        converted["types"] = [t.upper() for t in converted["types"]]
    return converted


async def bench_engine(engine: str, database_url: str, count: int, runs: int) -> None:
    print(f"\n== {engine}, {count} offers")
    await migrate_database(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    await _load(count)
    started = time.perf_counter()
    await search_offers(SearchCriteria(), first=0)
    print(f"  in-memory facet index built in {time.perf_counter() - started:.2f} s")
    words = await vocabulary()
    print(
        f"  {'filter':18} {'total':>6} | {'ours p50':>8} {'p95':>8} {'p99':>8} | "
        f"{'cold kw':>8} | {'naive p50':>9} {'p95':>8} {'p99':>8} | ratio p50"
    )
    for name, raw in FILTERS.items():
        criteria = _criteria(raw, words)
        page = await search_offers(criteria, first=20)
        naive = await naive_search(criteria)
        assert naive["total"] == page.total or raw.get("keywords"), (
            name,
            naive["total"],
            page.total,
        )

        async def warm(c: SearchCriteria = criteria) -> None:
            await search_offers(c, first=20)

        ours = await _timed(warm, runs)

        async def cold(c: SearchCriteria = criteria) -> None:
            (await current_facet_index()).keyword_cache.clear()
            await search_offers(c, first=20)

        cold_figures = await _timed(cold, max(20, runs // 5))

        async def naive_run(c: SearchCriteria = criteria) -> None:
            await naive_search(c)

        baseline = await _timed(naive_run, max(20, runs // 5))
        print(
            f"  {name:18} {page.total:6d} | {ours} | {cold_figures.p50:8.2f} | "
            f"{baseline.p50:9.2f} {baseline.p95:8.2f} {baseline.p99:8.2f} | "
            f"{baseline.p50 / ours.p50:6.0f}x"
        )
    await Tortoise.close_connections()
    print(f"  over HTTP (GraphQL, page of 20 with all facets), {runs} sequential requests:")
    print(f"  {'filter':18} | {'p50':>8} {'p95':>8} {'p99':>8}")
    for name, figures in (await _over_http(database_url, runs)).items():
        print(f"  {name:18} | {figures}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASS_TEST_POSTGRES_URL", ""),
        help="administrator URL of a PostgreSQL server (database pass_bench is used)",
    )
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    sqlite_url = f"sqlite://{RESULTS / f'bench-{args.offers}.sqlite3'}"
    await bench_engine("SQLite", sqlite_url, args.offers, args.runs)
    if args.postgres:
        name = f"pass_bench_{args.offers}"
        admin = await asyncpg.connect(args.postgres)
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        from tortoise.backends.base.executor import EXECUTOR_CACHE

        EXECUTOR_CACHE.clear()
        from models.reference.labels import forget_vocabulary
        from models.search.facet_index import forget_facet_index

        forget_vocabulary()
        forget_facet_index()
        base = args.postgres.rsplit("/", 1)[0]
        await bench_engine("PostgreSQL", f"{base}/{name}", args.offers, args.runs)


if __name__ == "__main__":
    asyncio.run(main())
