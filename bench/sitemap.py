"""The sitemap at scale: `python -m bench.sitemap [--offers 1000000]` loads a catalogue of
published offers into SQLite (bench.catalogue; kept in bench-results/ for the next run), then
times the sitemap index, one full part (50,000 URLs) streamed chunk by chunk as the route
sends it, and every part in turn, with the peak memory the writing takes (tracemalloc), beside
the naive way — every live offer read at once and joined into one string — in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

from tortoise.expressions import Q

from bench.catalogue import load_catalogue
from bench.processes import run_until_stopped
from models.clock import today
from models.db import migrate_database
from models.offers.listing import live_offer_parts, live_offers_of_part
from models.offers.tables import Offer, OfferStatus
from server.runtime import open_database

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"
BASE = "https://pass.example.gouv.fr/offres/"


def _url(reference: str, modified: str) -> str:
    return f"<url><loc>{BASE}{reference}</loc><lastmod>{modified}</lastmod></url>\n"


async def _streamed(part: int) -> tuple[int, int]:
    """URLs and bytes of one part, written chunk by chunk and dropped as a response would."""
    urls = size = 0
    async for chunk in live_offers_of_part(part):
        text = "".join(_url(o.reference, o.updated_at.isoformat(timespec="seconds")) for o in chunk)
        urls += len(chunk)
        size += len(text.encode())
    return urls, size


async def _naive() -> tuple[int, int]:
    live = Offer.filter(status=OfferStatus.PUBLISHED, seq__not_isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today())
    )
    rows = await live.order_by("seq").values_list("reference", "updated_at")
    text = "".join(_url(str(r), u.isoformat(timespec="seconds")) for r, u in rows)
    return len(rows), len(text.encode())


async def _measured(label: str, run: Callable[[], Awaitable[tuple[int, int]]]) -> None:
    """Timed alone, then again under tracemalloc for the peak (which slows it down)."""
    started = time.perf_counter()
    urls, size = await run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    await run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"  {label:34} {seconds:7.2f} s  {urls:>9} URLs  {size / 1e6:7.1f} MB of XML  "
        f"peak {peak / 1e6:7.1f} MB",
        flush=True,
    )


async def bench(count: int) -> None:
    await asyncio.to_thread(RESULTS.mkdir, exist_ok=True)
    path = RESULTS / f"sitemap-{count}.sqlite3"
    url = f"sqlite://{path}"
    print(f"\n== sitemap, SQLite, {count} offers", flush=True)
    if not await asyncio.to_thread(path.exists):
        await migrate_database(url)
        started = time.perf_counter()
        await load_catalogue(url, count)
        print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    async with open_database(url):
        print(f"  {await Offer.all().count()} offers", flush=True)
        started = time.perf_counter()
        parts = await live_offer_parts()
        print(f"  index: {len(parts)} parts in {(time.perf_counter() - started) * 1000:.0f} ms")
        await _measured("one part, streamed", lambda: _streamed(parts[0]))

        async def every_part() -> tuple[int, int]:
            total = [0, 0]
            for part in parts:
                urls, size = await _streamed(part)
                total[0] += urls
                total[1] += size
            return total[0], total[1]

        await _measured("every part, streamed in turn", every_part)
        await _measured("naive: all at once, one string", _naive)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=1_000_000)
    args = parser.parse_args()
    await bench(args.offers)


if __name__ == "__main__":
    run_until_stopped(main())
