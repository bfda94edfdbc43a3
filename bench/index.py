"""Facet index benchmark: `python -m bench.index [--offers 100000 1000000] [--database-max N]
[--only start [--runs 3] [--baseline REV]]`.

The smallest size (at most `--database-max`, default 100,000) is loaded into a fresh SQLite file
by the bulk loader (bench.catalogue), in a temporary folder removed at the end; then it measures,
beside the naive baseline in the same run:

- building the index: ours (one scan of the offers table as arrays, facets ready; then the terms
  read from FTS5 in the background) against the way it was built before (a Tortoise row, a dict
  and a Python object per offer), time and memory (tracemalloc, plus the bitmaps' containers
  that CRoaring allocates outside Python);
- the first search of a common word (« stage »), cold (keyword and row caches emptied before each
  run) and warm, against the full-text engine's path (FTS5 row ids to Python, growing with hits);
- search + 7 facets, warm;
- a web process's cold start (uvicorn to its first /health) and its RSS then, and the first
  search over GraphQL right after it (what laziness at start would push onto a visitor).

`--only start` measures just the cold start, in a few minutes, on the catalogue bench.search
keeps in bench-results/ (bulk loaded when missing): `import server.app` alone in a fresh
interpreter (wall and CPU), then uvicorn to its first /health (wall and CPU), the first GraphQL
search and the first home page right after it, the RSS then; medians of `--runs` starts, beside
the site at `--baseline REV` (default: the last revision before this benchmark's changes),
runs interleaved, with Python's bytecode compiled at each start and compiled once before.

Larger sizes have no database: the index is built in-process from the first size's offers,
repeated under new publication numbers (same vocabulary and facet values), and the naive one from
as many row dicts; memory and in-memory search times are measured, with the goals of issue 11.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from array import array
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pyroaring import BitMap
from tortoise import Tortoise

from bench.catalogue import load_catalogue
from bench.http import _database as _kept_catalogue
from bench.processes import cpu_seconds, free_port, rss_mb, stop, wait_until_up
from models.db import migrate_database, tortoise_config
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search import facet_index
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.distance import distance_km
from models.search.facet_index import FacetIndex, forget_facet_index, settled_facet_index
from models.search.fulltext import load_term_bitmaps
from models.search.offers import search_offers
from models.search.published_offers import (
    COLUMNS,
    PublishedOffers,
    indexed,
    load_published_offers,
)
from models.search.similar import similar_offers

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]

WORD = "stage"
GOALS = {
    "cold start": "≤ 3 s at 100k",
    "index memory": "≤ 150 MB at 1M",
    "common word": "≤ 10 ms p95 at 100k, cold or warm",
    "search + 7 facets": "≤ 2 ms p95 at 100k, ≤ 10 ms at 1M",
    "web RSS": "≤ 200 MB after start at 100k",
    "similar offers": "from the index, not a scan",
}


async def _similar(index: FacetIndex) -> None:
    """« Offres similaires » of an offer page, against the query a first version would make:
    every live offer of the same domain and level, sorted by distance in Python."""
    seqs = list(index.published)
    picked = seqs[:: max(1, len(seqs) // 50)][:50]
    offers = await Offer.filter(seq__in=picked)
    turn = iter(range(1 << 30))

    async def ours() -> None:
        await similar_offers(offers[next(turn) % len(offers)], first=4)

    async def naive() -> None:
        offer = offers[next(turn) % len(offers)]
        rows = await Offer.filter(
            status=OfferStatus.PUBLISHED,
            domain_id=offer.domain_id,  # type: ignore[attr-defined]
            diploma_level=offer.diploma_level,
        ).exclude(id=offer.id)
        here = (offer.latitude, offer.longitude)
        if None not in here:
            rows.sort(
                key=lambda r: (
                    distance_km(*here, r.latitude, r.longitude)  # type: ignore[arg-type]
                    if r.latitude is not None and r.longitude is not None
                    else math.inf
                )
            )
        rows[:4]

    mine, theirs = await _samples(ours, 200), await _samples(naive, 20)
    print(
        f"  {'similar offers (4) of an offer':34} | warm {_ms(mine)} | {_ms(theirs):>30} | "
        f"{_p50(theirs) / _p50(mine):4.0f}x | {GOALS['similar offers']}"
    )


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):8.2f} p95 {p95:8.2f}"


def _p50(samples: list[float]) -> float:
    return statistics.median(samples)


async def _samples(run: Callable[[], Awaitable[object]], count: int) -> list[float]:
    found = []
    for _ in range(count):
        started = time.perf_counter()
        await run()
        found.append((time.perf_counter() - started) * 1000)
    return found


class NaiveIndex:
    """The index as it was built before: a dict of facet values per offer, a dict of offer ids,
    of end dates and of last changes, and no terms (the full-text engine answered keywords)."""

    def __init__(self) -> None:
        self.bitmaps: dict[Facet, defaultdict[str, BitMap]] = {
            f: defaultdict(BitMap) for f in FACETS
        }
        self.published = BitMap()
        self.offer_ids: dict[int, int] = {}
        self.values: dict[int, dict[Facet, str | None]] = {}
        self.expiry: dict[int, date] = {}
        self.updated: dict[int, datetime] = {}

    def add(self, seq: int, offer_id: int, values: dict[Facet, str | None], end: Any) -> None:
        self.published.add(seq)
        self.offer_ids[seq] = offer_id
        self.values[seq] = values
        for facet, value in values.items():
            if value is not None:
                self.bitmaps[facet][value].add(seq)
        if end is not None:
            self.expiry[seq] = end


async def _naive_build() -> NaiveIndex:
    index = NaiveIndex()
    for row in await Offer.filter(status=OfferStatus.PUBLISHED).values(*COLUMNS):
        offer = indexed(row)
        index.add(offer.seq, offer.offer_id, offer.values, offer.expires_on)
        if offer.updated_at is not None:
            index.updated[offer.seq] = offer.updated_at
    return index


def _bitmap_bytes(index: FacetIndex | NaiveIndex) -> int:
    """What the bitmaps hold outside Python's allocator (CRoaring's own), which tracemalloc
    does not see."""
    found: list[BitMap] = [index.published]
    for values in index.bitmaps.values():
        found += values.values()
    if isinstance(index, FacetIndex):
        found += [*index.terms.values(), *index.title_terms.values(), *index._ending.values()]
    total = 0
    for bitmap in found:
        stats = bitmap.get_statistics()
        total += (
            stats["n_bytes_array_containers"]
            + stats["n_bytes_run_containers"]
            + stats["n_bytes_bitset_containers"]
        )
    return total


def _traced(build: Callable[[], T]) -> tuple[T, float]:
    """What `build` keeps, in MB: Python objects (tracemalloc) and bitmaps' containers."""
    gc.collect()
    tracemalloc.start()
    try:
        built = build()
        python = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert isinstance(built, FacetIndex | NaiveIndex)
    return built, (python + _bitmap_bytes(built)) / 1e6


async def _traced_async(build: Callable[[], Awaitable[T]]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        kept = await build()
        python = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert isinstance(kept, FacetIndex | NaiveIndex)
    return (python + _bitmap_bytes(kept)) / 1e6


@dataclass(frozen=True)
class WebStart:
    seconds: float  # launch to the first healthy answer
    cpu: float  # CPU seconds used until then (the wall time depends on what else runs)
    first_search_ms: float  # the first GraphQL search, sent as soon as /health answered
    first_page_ms: float  # then the home page
    rss: float  # MB, a second later (the terms are read in the background meanwhile)


_FIRST_SEARCH = """query($filter: OfferFilter) { offers(filter: $filter, first: 20) {
  totalCount edges { node { reference title } }
  facets { types { value count } diplomaLevels { value count } domains { value count }
    administrations { value count } regions { value count } departments { value count }
    countries { value count } } } }"""


async def _web_start(
    database_url: str,
    folder: Path,
    *,
    source: Path = ROOT,
    python_env: dict[str, str] | None = None,
) -> WebStart:
    """A web process of the site in `source` launched on this database, timed to its first
    healthy answer, then its first search (« stage » and seven facets) and its first page.
    `python_env`: how Python finds or writes bytecode (see `_start_only`)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SMTP_URL")},
        **(python_env or {}),
        "DATABASE_URL": database_url,
        "PASS_DATA_DIR": str(folder / "web-data"),
        "PASS_DEMO_DATA": "0",
    }
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: ASYNC220 (one process, started once)
        [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory", "--port",
         str(port), "--log-level", "warning"],
        env=env,
        cwd=source,
    )  # fmt: skip
    try:
        await wait_until_up(port, [server], poll=0.05)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(server.pid)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            asked = time.perf_counter()
            answer = await client.post(
                "/graphql",
                json={"query": _FIRST_SEARCH, "variables": {"filter": {"keywords": WORD}}},
            )
            first_search = (time.perf_counter() - asked) * 1000
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
            asked = time.perf_counter()
            page = await client.get("/")
            first_page = (time.perf_counter() - asked) * 1000
            assert page.status_code == 200, page.status_code
        await asyncio.sleep(1)
        return WebStart(elapsed, cpu, first_search, first_page, rss_mb(server.pid))
    finally:
        stop(server)


def _import_server_app(source: Path, python_env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of `import server.app` in a fresh interpreter (its own figure)."""
    code = (
        "import resource, time\n"
        "started = time.perf_counter()\n"
        "import server.app\n"
        "wall = time.perf_counter() - started\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(wall, usage.ru_utime + usage.ru_stime)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=source,
        env={**os.environ, **python_env},
    ).stdout.split()
    return float(out[0]), float(out[1])


def _print_start(start: WebStart) -> None:
    print(f"  {'web process: start to /health (s)':34} | {start.seconds:30.2f} | {'':30} |       | "
          f"{GOALS['cold start']}")  # fmt: skip
    print(f"  {'  of which CPU time (s)':34} | {start.cpu:30.2f} | {'':30} |       |")
    print(f"  {'  then first search (ms)':34} | {start.first_search_ms:30.0f} | {'':30} |       |")
    print(f"  {'  then first home page (ms)':34} | {start.first_page_ms:30.0f} | {'':30} |       |")
    print(f"  {'web process: RSS after start (MB)':34} | {start.rss:30.0f} | {'':30} |       | "
          f"{GOALS['web RSS']}")  # fmt: skip


_START_FIELDS = ("seconds", "cpu", "first_search_ms", "first_page_ms", "rss")


def _median_start(starts: list[WebStart]) -> WebStart:
    return WebStart(*(statistics.median(getattr(s, f) for s in starts) for f in _START_FIELDS))


async def _start_only(count: int, runs: int, baseline: str) -> None:
    """The cold start alone, on bench.search's kept catalogue, ours beside the site at the
    `baseline` revision (exported with `git archive`), their runs interleaved, in two states of
    Python's bytecode cache: none (every module compiled from source at each start, as here
    where PYTHONDONTWRITEBYTECODE is set and the shared .venv holds no __pycache__), and
    compiled once before (as an install with `uv sync --compile-bytecode` gives, see the README).
    Both read their bytecode from a private PYTHONPYCACHEPREFIX, never writing into .venv."""
    print(f"\n== SQLite, {count} offers, web process start, {runs} runs, load {os.getloadavg()}")
    url = await _kept_catalogue(count)
    with tempfile.TemporaryDirectory(prefix="pass-bench-start-") as name:
        folder = Path(name)
        trees = {"ours": ROOT}
        if baseline:
            source = folder / "baseline"
            source.mkdir()
            archive = subprocess.run(  # noqa: ASYNC221 (once, before any timing)
                ["git", "-C", str(ROOT), "archive", baseline], check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)  # noqa: ASYNC221
            trees[f"baseline {baseline}"] = source
        (folder / "empty").mkdir()
        (folder / "compiled").mkdir()
        states = {
            "bytecode compiled at each start": {
                "PYTHONPYCACHEPREFIX": str(folder / "empty"),
                "PYTHONDONTWRITEBYTECODE": "1",
            },
            "bytecode compiled once before": {
                "PYTHONPYCACHEPREFIX": str(folder / "compiled"),
                "PYTHONDONTWRITEBYTECODE": "1",
            },
        }
        for source in trees.values():  # one start of each, untimed, writes their bytecode
            # Empty: unset for Python, which then writes the bytecode it compiles.
            writing = {
                "PYTHONPYCACHEPREFIX": str(folder / "compiled"),
                "PYTHONDONTWRITEBYTECODE": "",
            }
            with tempfile.TemporaryDirectory(prefix="pass-bench-start-") as run:
                await _web_start(url, Path(run), source=source, python_env=writing)
        for state, python_env in states.items():
            imports: dict[str, list[tuple[float, float]]] = {tree: [] for tree in trees}
            starts: dict[str, list[WebStart]] = {tree: [] for tree in trees}
            for _ in range(runs):
                for tree, source in trees.items():
                    imports[tree].append(
                        await asyncio.to_thread(_import_server_app, source, python_env)
                    )
                    with tempfile.TemporaryDirectory(prefix="pass-bench-start-") as run:
                        starts[tree].append(
                            await _web_start(url, Path(run), source=source, python_env=python_env)
                        )
            for tree in trees:
                print(f"\n  -- {tree}, {state}")
                done = imports[tree]
                print(
                    f"  {'import server.app (s)':34} | wall "
                    f"{statistics.median(i[0] for i in done):.2f}, CPU "
                    f"{statistics.median(i[1] for i in done):.2f} (medians; each run: "
                    f"{', '.join(f'{w:.2f}/{c:.2f}' for w, c in done)})"
                )
                for field in _START_FIELDS:
                    each = ", ".join(f"{getattr(s, field):.2f}" for s in starts[tree])
                    print(f"  each run, {field}: {each}")
                _print_start(_median_start(starts[tree]))
            print(f"  load average: {os.getloadavg()}")


async def _with_database(count: int, folder: Path) -> tuple[PublishedOffers, Any]:
    url = f"sqlite://{folder / 'index.sqlite3'}"
    started = time.perf_counter()
    await migrate_database(url)
    await load_catalogue(url, count)
    print(f"  catalogue of {count} offers loaded in {time.perf_counter() - started:.0f} s")
    await Tortoise.init(config=tortoise_config(url))
    words = await vocabulary()
    print(f"  {'measure':34} | {'ours':>30} | {'naive (before)':>30} | ratio | goal")

    ours_build, facets_ready, naive_build = [], [], []
    for _ in range(3):
        forget_facet_index()
        gc.collect()
        started = time.perf_counter()
        index = await facet_index.current_facet_index()
        facets_ready.append(time.perf_counter() - started)
        await index.terms_read()
        ours_build.append(time.perf_counter() - started)
        started = time.perf_counter()
        await _naive_build()
        naive_build.append(time.perf_counter() - started)
    print(
        f"  {'build, facets ready (s)':34} | {_p50(facets_ready):30.2f} | "
        f"{_p50(naive_build):30.2f} | {_p50(naive_build) / _p50(facets_ready):4.1f}x |"
    )
    print(
        f"  {'build, terms read too (s)':34} | {_p50(ours_build):30.2f} | "
        f"{'(no terms)':>30} |       |"
    )
    forget_facet_index()
    ours_mb = await _traced_async(settled_facet_index)
    naive_mb = await _traced_async(_naive_build)
    print(
        f"  {'index memory (MB, tracemalloc)':34} | {ours_mb:30.1f} | {naive_mb:30.1f} | "
        f"{naive_mb / ours_mb:4.1f}x | {GOALS['index memory']}"
    )

    index = await settled_facet_index()
    facet_index.SYNC_SECONDS = 3600.0  # no catch-up inside the timings
    criteria = SearchCriteria.build(keywords=WORD, vocabulary=words)

    async def cold() -> None:
        # As bench.search measures a cold keyword: the keyword caches emptied, rows kept.
        index.keyword_cache.clear()
        await search_offers(criteria, first=20)

    async def cold_rows() -> None:
        index.rows.clear()
        await cold()

    async def cold_counts() -> None:
        index.keyword_cache.clear()
        await search_offers(criteria, first=0)

    async def warm() -> None:
        await search_offers(criteria, first=20)

    def naive(run: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def engine_answers() -> None:
            index.terms_loaded = False  # the full-text engine answers, as before
            try:
                await run()
            finally:
                index.terms_loaded = True

        return engine_answers

    hits = (await search_offers(criteria, first=0)).total
    label = f"first search « {WORD} » ({hits} hits)"
    for name, run in ((label, cold), ("  same, rows fetched too", cold_rows),
                      ("  its hits + 7 facets, no rows", cold_counts)):  # fmt: skip
        ours_cold = await _samples(run, 30)
        naive_cold = await _samples(naive(run), 8)
        print(
            f"  {name:34} | cold {_ms(ours_cold)} | cold {_ms(naive_cold)} | "
            f"{_p50(naive_cold) / _p50(ours_cold):4.0f}x | "
            f"{GOALS['common word'] if run is cold else ''}"
        )
    ours_warm = await _samples(warm, 200)
    print(f"  {'same, warm':34} | warm {_ms(ours_warm)} | {'':30} |       |")
    everything = SearchCriteria()

    async def facets_only() -> None:
        await search_offers(everything, first=20)

    print(
        f"  {'search + 7 facets, no keyword':34} | warm {_ms(await _samples(facets_only, 200))}"
        f" | {'':30} |       | {GOALS['search + 7 facets']}"
    )
    await _similar(index)
    facet_index.SYNC_SECONDS = 2.0
    loaded = await load_published_offers()
    await Tortoise.close_connections()
    forget_facet_index()

    _print_start(await _web_start(url, folder))
    return loaded, url


def _repeated(offers: PublishedOffers, times: int) -> PublishedOffers:
    shift = max(offers.seqs) + 1

    def spread(bitmap: BitMap) -> BitMap:
        return BitMap.union(*(bitmap.shift(k * shift) for k in range(times)))

    return PublishedOffers(
        array("I", (s + k * shift for k in range(times) for s in offers.seqs)),
        {
            facet: {v: spread(found) for v, found in groups.items()}
            for facet, groups in offers.values.items()
        },
        {day: spread(found) for day, found in offers.ending.items()},
        offers.updated * times,
        offers.latitudes * times,
        offers.longitudes * times,
    )


async def _in_memory(
    count: int, base: PublishedOffers, terms: tuple[dict[str, BitMap], dict[str, BitMap]]
) -> None:
    times = max(1, count // len(base.seqs))
    shift = max(base.seqs) + 1
    offers = _repeated(base, times)
    print(f"  ({len(offers.seqs)} offers: {times} × the catalogue above, without a database)")

    def build() -> FacetIndex:
        index = FacetIndex()
        index.load(offers)
        index.add_terms(
            *(
                {t: BitMap.union(*(b.shift(k * shift) for k in range(times))) for t, b in m.items()}
                for m in terms
            )
        )
        return index

    index, ours_mb = _traced(build)

    def naive_build() -> NaiveIndex:
        naive = NaiveIndex()
        values_of: dict[int, dict[Facet, str | None]] = defaultdict(dict)
        for facet, groups in offers.values.items():
            for value, seqs in groups.items():
                for seq in seqs:
                    values_of[seq][facet] = value
        ends = {s: date.fromordinal(d) for d, found in offers.ending.items() for s in found}
        for seq, moment in zip(offers.seqs, offers.updated, strict=True):
            naive.add(seq, seq, values_of.pop(seq), ends.get(seq))
            naive.updated[seq] = datetime.fromtimestamp(moment / 1e6)
        return naive

    _, naive_mb = _traced(naive_build)
    print(
        f"  {'index memory (MB, tracemalloc)':34} | {ours_mb:30.1f} | {naive_mb:30.1f} | "
        f"{naive_mb / ours_mb:4.1f}x | {GOALS['index memory']}"
    )
    facet_index._index = index  # the searches below read this index, with no database
    index.terms_loaded = True
    index.synced_at = time.monotonic()
    facet_index.SYNC_SECONDS = 3600.0
    try:
        words = await vocabulary()
        keyword = SearchCriteria.build(keywords=WORD, vocabulary=words)

        async def word() -> None:
            await search_offers(keyword, first=0)

        async def facets_only() -> None:
            await search_offers(SearchCriteria(), first=0)

        hits = (await search_offers(keyword, first=0)).total
        label = f"« {WORD} » + 7 facets ({hits} hits)"
        print(f"  {label:34} | warm {_ms(await _samples(word, 50))} | (no database) |")
        print(
            f"  {'search + 7 facets, no keyword':34} | warm "
            f"{_ms(await _samples(facets_only, 50))} | {'':30} |       | "
            f"{GOALS['search + 7 facets']}"
        )
    finally:
        facet_index.SYNC_SECONDS = 2.0
        forget_facet_index()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--database-max", type=int, default=100_000)
    parser.add_argument("--only", choices=["start"], help="only a web process's cold start")
    parser.add_argument("--runs", type=int, default=3, help="starts measured by --only start")
    parser.add_argument(
        "--baseline",
        default="376d539",
        help="with --only start: the git revision started beside ours ('' to skip it)",
    )
    args = parser.parse_args()
    if args.only == "start":
        await _start_only(min(args.offers), args.runs, args.baseline)
        return
    sizes = sorted(args.offers)
    with tempfile.TemporaryDirectory(prefix="pass-bench-index-") as name:
        folder = Path(name)
        first = min(sizes[0], args.database_max)
        print(f"\n== SQLite, {first} offers")
        base, url = await _with_database(first, folder)
        await Tortoise.init(config=tortoise_config(url))
        terms = await load_term_bitmaps()
        for count in sizes:
            if count == first:
                continue
            print(f"\n== {count} offers")
            await _in_memory(count, base, terms)
        await Tortoise.close_connections()


if __name__ == "__main__":
    asyncio.run(main())
