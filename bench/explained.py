"""Results that explain themselves: `python -m bench.explained [--offers 100000] [--postgres URL]`.

On bench.search's catalogue (kept in bench-results/), in-process and warm, p50/p95/p99 in ms:
- a page of 20 with all facets in each order (relevance, newest, deadline), for bench.search's
  filters, and a page deep in the deadline order (skip 2,000, the site's numbered pages);
- a page of 20 by distance around a place (and deep, skip 2,000), beside the same search by
  relevance;
- the highlights of a page of 20 (title and extract of each offer the page holds), and the
  same when its offers' texts are not kept yet (parsed from their HTML);
- the relaxations of searches that find nothing (what an empty page adds), one around a place
  (each radius step tried).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

import asyncpg

from bench.processes import run_until_stopped
from bench.search import FILTERS, RESULTS, _catalogue, _figures, _remove_sqlite, _samples
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.facet_index import settled_facet_index
from models.search.highlights import _texts, highlight_offer
from models.search.offers import search_offers
from models.search.ordering import SearchOrder
from models.search.relaxations import relax_search
from server.runtime import open_database

ORDERS = (SearchOrder.RELEVANCE, SearchOrder.NEWEST, SearchOrder.DEADLINE)
EMPTY: dict[str, dict[str, object]] = {
    "facets, no result": {"types": ["apprentissage"], "countries": ["DE"], "regions": ["BRE"]},
    "words, no result": {"keywords": "communication zzzinconnu tokyo"},
    "both, no result": {"keywords": "tokyo", "regions": ["BRE"], "types": ["apprentissage"]},
    "place, no result": {"near": [("05061", 5)], "types": ["apprentissage"]},  # Gap
}
NEAR: dict[str, dict[str, object]] = {
    "Paris 20 km": {"near": [("75056", 20)]},
    "Lyon 50 km + word": {"near": [("69123", 50)], "keywords": "communication"},
    "Rennes 200 km": {"near": [("35238", 200)]},
}


async def bench_engine(name: str, database_url: str, count: int, runs: int) -> None:
    print(f"\n== {name}, {count} offers", flush=True)

    async def rebuild() -> None:
        if database_url.startswith("sqlite://"):
            await asyncio.to_thread(_remove_sqlite, Path(database_url.removeprefix("sqlite://")))

    await _catalogue(database_url, count, rebuild)
    async with open_database(database_url):
        await settled_facet_index()
        words = await vocabulary()
        print(f"  {'filter':16} {'order':10} {'total':>7} | {'p50':>8} {'p95':>8} {'p99':>8}")
        for label, raw in FILTERS.items():
            criteria = SearchCriteria.build(**raw, vocabulary=words)
            for order in ORDERS:

                async def page(c: SearchCriteria = criteria, o: SearchOrder = order) -> None:
                    await search_offers(c, first=20, order=o)

                total = (await search_offers(criteria, first=0)).total
                figures = _figures(await _samples(page, runs, warm_up=3))
                print(f"  {label:16} {order.value:10} {total:7d} | {figures}", flush=True)

            async def deep(c: SearchCriteria = criteria) -> None:
                await search_offers(c, first=20, skip=2_000, order=SearchOrder.DEADLINE)

            figures = _figures(await _samples(deep, runs, warm_up=3))
            print(f"  {label:16} {'deadline, skip 2000':>18} | {figures}")

        for label, raw in NEAR.items():
            criteria = SearchCriteria.build(**raw, vocabulary=words)  # type: ignore[arg-type]
            total = (await search_offers(criteria, first=0)).total
            for order, skip in (
                (SearchOrder.RELEVANCE, 0),
                (SearchOrder.DISTANCE, 0),
                (SearchOrder.DISTANCE, 2_000),
            ):

                async def near(
                    c: SearchCriteria = criteria, o: SearchOrder = order, s: int = skip
                ) -> None:
                    await search_offers(c, first=20, order=o, skip=s)

                figures = _figures(await _samples(near, runs, warm_up=3))
                named = f"{order.value}{', skip 2000' if skip else ''}"
                print(f"  {label:18} {named:16} {total:7d} | {figures}", flush=True)

        keyword = SearchCriteria.build(keywords="communication", vocabulary=words)
        shown = (await search_offers(keyword, first=20)).offers

        async def highlights() -> None:
            for offer in shown:
                highlight_offer(offer, keyword.keyword_query)

        figures = _figures(await _samples(highlights, runs, warm_up=3))
        print(f"  highlights of a page of {len(shown):<12} | {figures}")

        async def first_highlights() -> None:
            _texts.clear()  # as if the page's rows were new: their texts parsed again
            await highlights()

        figures = _figures(await _samples(first_highlights, runs, warm_up=3))
        print(f"  the same, texts not kept yet     | {figures}")
        for label, raw in EMPTY.items():
            criteria = SearchCriteria.build(**raw, vocabulary=words)  # type: ignore[arg-type]
            if (await search_offers(criteria, first=0)).total:
                print(f"  relaxations, {label:18} finds offers in this catalogue: skipped")
                continue
            found = await relax_search(criteria)

            async def relax(c: SearchCriteria = criteria) -> None:
                await relax_search(c)

            figures = _figures(await _samples(relax, runs, warm_up=3))
            print(f"  relaxations, {label:18} ({len(found)} offered) | {figures}", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("PASS_TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    started = time.perf_counter()
    RESULTS.mkdir(exist_ok=True)
    await bench_engine(
        "SQLite", f"sqlite://{RESULTS / f'search-{args.offers}.sqlite3'}", args.offers, args.runs
    )
    if args.postgres:
        # A database of its own: bench.search's may be another branch's, with its migrations.
        name = f"pass_explained_{args.offers}"
        admin = await asyncpg.connect(args.postgres)
        try:
            if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        base = args.postgres.rsplit("/", 1)[0]
        await bench_engine("PostgreSQL", f"{base}/{name}", args.offers, args.runs)
    print(f"\nbench.explained done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    run_until_stopped(main())
