"""The open data export at scale: `python -m bench.export [--offers 100000]` loads a catalogue
of published offers into SQLite (bench.catalogue; kept in bench-results/ for the next run),
then times the export as the worker runs it (models.opendata: both files, read by batches,
written as it goes) with the size of each file and the peak memory the writing takes
(tracemalloc, in a second run), beside the naive way in the same run: every live offer fetched
at once through the ORM, then the csv module and one json.dump of the whole list.

Goal (issue 14): the export of 100,000 offers in at most 30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.catalogue import load_catalogue
from bench.processes import run_until_stopped
from models.clock import today
from models.db import migrate_database
from models.offers.listing import live_offers_on
from models.opendata import COLUMNS, export_open_data
from models.opendata.fields import TABLE_COLUMNS, row_builder
from models.reference import vocabulary
from models.search.text import html_to_text
from server.runtime import open_database

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"
SITE = "https://pass.example.gouv.fr"
GOAL_SECONDS = 30.0
GOAL_OFFERS = 100_000

Measure = Callable[[Path], Awaitable[tuple[int, int, int]]]


async def _ours(folder: Path) -> tuple[int, int, int]:
    export = await export_open_data(SITE, folder)
    return export.count, export.file("csv").size, export.file("json").size


async def _naive(folder: Path) -> tuple[int, int, int]:
    """Every live offer as a model object at once, then each file written from the list."""
    offers = await live_offers_on(today()).order_by("seq")
    # The HTML parser on every text, as the feed and the pages use it.
    build = row_builder(await vocabulary(), SITE, plain=html_to_text)
    names = [c.name for c in COLUMNS]
    rows = [build(tuple(getattr(offer, column) for column in TABLE_COLUMNS)) for offer in offers]
    csv_path, json_path = folder / "naive.csv", folder / "naive.json"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)
    with json_path.open("w", encoding="utf-8") as out:
        json.dump({"offres": [dict(zip(names, r, strict=True)) for r in rows]}, out)
    return len(rows), csv_path.stat().st_size, json_path.stat().st_size


async def _measured(label: str, run: Measure) -> float:
    """Timed alone, then again under tracemalloc for the peak (which slows it down)."""
    with tempfile.TemporaryDirectory(prefix="pass-bench-export-") as folder:
        started = time.perf_counter()
        count, csv_size, json_size = await run(Path(folder))
        seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="pass-bench-export-") as folder:
        tracemalloc.start()
        await run(Path(folder))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(
        f"  {label:40} {seconds:7.2f} s  {count:>8} offers  CSV {csv_size / 1e6:6.1f} MB  "
        f"JSON {json_size / 1e6:6.1f} MB  peak {peak / 1e6:7.1f} MB",
        flush=True,
    )
    return seconds


async def bench(count: int) -> None:
    await asyncio.to_thread(RESULTS.mkdir, exist_ok=True)
    path = RESULTS / f"export-{count}.sqlite3"
    url = f"sqlite://{path}"
    print(f"\n== open data export, SQLite, {count} offers", flush=True)
    if not await asyncio.to_thread(path.exists):
        await migrate_database(url)
        started = time.perf_counter()
        await load_catalogue(url, count)
        print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    async with open_database(url):
        ours = await _measured("ours: batches, written as read", _ours)
        naive = await _measured("naive: ORM fetch of all, csv + json.dump", _naive)
    goal = GOAL_SECONDS * count / GOAL_OFFERS
    print(
        f"  naive / ours = {naive / ours:.1f}x | goal: ≤ {GOAL_SECONDS:.0f} s at "
        f"{GOAL_OFFERS:,} offers ({goal:.1f} s at {count:,}): "
        f"{'met' if ours <= goal else 'MISSED'}",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=GOAL_OFFERS)
    args = parser.parse_args()
    await bench(args.offers)


if __name__ == "__main__":
    run_until_stopped(main())
