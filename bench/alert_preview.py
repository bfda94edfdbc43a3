"""Alert preview benchmark: `python -m bench.alert_preview [--offers 100000] [--queries 300]`.

Fills a SQLite catalogue with the bulk loader (bench.catalogue; kept in bench-results/ between
runs), then moves one offer in five to a publication 100 days ago, out of the 90-day window.
Then times « environ N offres par semaine » (`models.alerts.preview.alert_preview`) for random
criteria like saved searches' (bench.matching's: one to three facets, keywords in one search
out of five, a phrase now and then):

- ours: the process's window of the last 90 days' publications (facet and word bitmaps, the
  alerts' predicate for phrases), each criteria's count computed afresh (its memo emptied);
- the naive baseline in the same run: one SQL count per request, the facets in the WHERE
  clause and the keywords through the FTS5 index (the site's own full-text engine), on a
  sample; its answer is checked against ours (no offer is archived here: FTS5 keeps only
  published offers' words, so it could not count archived ones).

Then the same for 24 searches « near a commune » (6 communes, 10 to 200 km, half with a type):
ours (the window's index of places) beside the plain scan of the window with the alerts'
`matches`, answers checked equal.

Prints the window's first load (tokenising every offer of the window) and a refresh with
nothing changed, the process's memory growth, p50/p95/p99 in milliseconds of both, the ratio
and the goal (p95 ≤ 20 ms at 100k offers).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from tortoise import connections

from bench.catalogue import load_catalogue
from bench.matching import _random_criteria
from bench.processes import run_until_stopped
from bench.search import _figures
from models.alerts import preview
from models.alerts.matching import matches
from models.clock import now
from models.db import migrate_database
from models.demo.generator import generate_offers
from models.offers.tables import Offer
from models.reference.labels import Vocabulary, vocabulary
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.fulltext import _fts5_expression
from models.search.text import words as text_words
from server.runtime import open_database

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"
GOAL_P95_MS = 20.0
SEED = 16
_COLUMNS = {
    Facet.TYPES: "type",
    Facet.DIPLOMA_LEVELS: "diploma_level",
    Facet.DOMAINS: "domain_id",
    Facet.ADMINISTRATIONS: "administration_id",
    Facet.REGIONS: "region_code",
    Facet.DEPARTMENTS: "department_code",
    Facet.COUNTRIES: "country_code",
}


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


async def _naive_count(criteria: SearchCriteria) -> int:
    """One SQL count per request: what a preview without a window would run."""
    since = (now() - timedelta(days=preview.WINDOW_DAYS)).isoformat(" ", "microseconds")
    sql = "SELECT count(*) AS n FROM offer WHERE status <> 'draft' AND published_at >= ?"
    params: list[object] = [since]
    for facet in FACETS:
        chosen = sorted(criteria.selected(facet))
        if chosen:
            sql += f" AND {_COLUMNS[facet]} IN ({', '.join('?' * len(chosen))})"
            params += chosen
    query = criteria.keyword_query
    if query:
        sql += " AND seq IN (SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?)"
        params.append("{body} : " + _fts5_expression(query))
    rows = await connections.get("default").execute_query_dict(sql, params)
    return int(rows[0]["n"])


async def _catalogue(database_url: str, count: int, path: Path) -> None:
    if await asyncio.to_thread(path.exists):
        await migrate_database(database_url)
        async with open_database(database_url):
            present = await Offer.all().count()
        if present == count:
            print(f"  catalogue of {count} offers kept from an earlier run")
            return
        for suffix in ("", "-wal", "-shm"):
            await asyncio.to_thread(Path(f"{path}{suffix}").unlink, missing_ok=True)
    await migrate_database(database_url)
    started = time.perf_counter()
    await load_catalogue(database_url, count)
    print(f"  loaded {count} offers in {time.perf_counter() - started:.1f} s (bench.catalogue)")


async def _age_one_in_five() -> None:
    """One offer in five published 100 days ago: outside the window, as in a real catalogue."""
    old = (now() - timedelta(days=100)).isoformat(" ", "microseconds")
    await connections.get("default").execute_query(
        "UPDATE offer SET published_at = ? WHERE id % 5 = 0", [old]
    )


async def bench(count: int, queries: int, naive_runs: int, results: Path = RESULTS) -> None:
    await asyncio.to_thread(results.mkdir, exist_ok=True)
    path = results / f"alert-preview-{count}.sqlite3"
    database_url = f"sqlite://{path}"
    print(f"\n== alert preview, SQLite, {count} offers", flush=True)
    await _catalogue(database_url, count, path)
    async with open_database(database_url):
        await _age_one_in_five()
        words = await vocabulary()
        drafts = generate_offers(apprenticeships=100, stages=200, seed=11, today=date.today())
        titles = [text_words(d.title) for d in drafts]
        rng = random.Random(SEED)
        searches = [_random_criteria(rng, words, titles) for _ in range(queries)]
        everything = SearchCriteria.build(vocabulary=words)

        preview.forget_alert_preview()
        rss = _rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        first = await preview.alert_preview(everything)
        print(
            f"  first load of the window: {time.perf_counter() - started:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU, {first.last_ninety_days} offers in it, "
            f"+{_rss_mb() - rss:.0f} MB RSS",
            flush=True,
        )
        window = preview._window
        assert window is not None
        window.loaded_at -= preview.TTL_SECONDS  # expired: the next preview reads the list
        started = time.perf_counter()
        await preview.alert_preview(everything)
        print(f"  refresh, nothing changed: {(time.perf_counter() - started) * 1000:.0f} ms")

        ours: list[float] = []
        found: list[int] = []
        for criteria in searches:
            window = preview._window
            assert window is not None
            window.counts.clear()  # computed afresh, not the memo of an earlier request
            start = time.perf_counter()
            result = await preview.alert_preview(criteria)
            ours.append((time.perf_counter() - start) * 1000)
            found.append(result.last_ninety_days)
        naive: list[float] = []
        for criteria, expected in zip(searches[:naive_runs], found, strict=False):
            start = time.perf_counter()
            counted = await _naive_count(criteria)
            naive.append((time.perf_counter() - start) * 1000)
            assert counted == expected, (criteria, counted, expected)  # the same answer
        with_keywords = sum(1 for c in searches if c.keyword_query)
        figures, naive_figures = _figures(ours), _figures(naive)
        print(
            f"  {'':24} {'p50':>8} {'p95':>8} {'p99':>8}  (ms; {len(searches)} criteria, "
            f"{with_keywords} with keywords; mean {statistics.mean(found):.0f} offers found)"
        )
        print(f"  {'ours (window)':24} {figures}")
        print(f"  {'naive (SQL count)':24} {naive_figures}  ({len(naive)} criteria)")
        print(
            f"  ratio naive / ours: p50 {naive_figures.p50 / figures.p50:.0f}x, "
            f"p95 {naive_figures.p95 / figures.p95:.0f}x"
        )
        verdict = "met" if figures.p95 <= GOAL_P95_MS else "MISSED"
        print(f"  goal p95 ≤ {GOAL_P95_MS:g} ms at 100k offers: {figures.p95:.2f} ms, {verdict}")
        await _places(words, rng)
        preview.forget_alert_preview()


async def _places(words: Vocabulary, rng: random.Random) -> None:
    """Searches « near a commune » (with a facet or not): ours (the window's index of places, as the
    search's) beside the plain scan of the window with the alerts' `matches`."""
    searches = []
    for commune, radius in [(c, r) for c in PLACES for r in RADII]:
        raw: dict[str, object] = {"near": [(commune, radius)]}
        if rng.random() < 0.5:
            raw["types"] = [rng.choice(["apprentissage", "stage"])]
        searches.append(SearchCriteria.build(**raw, vocabulary=words))  # type: ignore[arg-type]
    window = preview._window
    assert window is not None
    ours: list[float] = []
    scan: list[float] = []
    for criteria in searches:
        window.counts.clear()
        start = time.perf_counter()
        counted = window.count(criteria)
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        scanned = sum(1 for p in window.all if matches(criteria, window.facts(p)))
        scan.append((time.perf_counter() - start) * 1000)
        assert counted == scanned, (criteria, counted, scanned)  # the same answer
    figures, scan_figures = _figures(ours), _figures(scan)
    print(f"  with a place ({len(searches)} criteria: {len(PLACES)} communes, radius 10 to 200 km)")
    print(f"  {'ours (place index)':24} {figures}")
    print(f"  {'naive (scan, matches)':24} {scan_figures}")
    print(f"  ratio naive / ours: p50 {scan_figures.p50 / figures.p50:.0f}x")
    verdict = "met" if figures.p95 <= GOAL_P95_MS else "MISSED"
    print(f"  goal p95 ≤ {GOAL_P95_MS:g} ms with a place: {figures.p95:.2f} ms, {verdict}")


# Paris, Lyon, Toulouse, Rennes, Strasbourg, Marseille (INSEE codes) and the radii a candidate
# picks.
PLACES = ("75056", "69123", "31555", "35238", "67482", "13055")
RADII = (10, 30, 100, 200)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="criteria timed")
    parser.add_argument("--naive-runs", type=int, default=60, help="naive counts")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the catalogue is kept")
    args = parser.parse_args()
    started = time.perf_counter()
    await bench(args.offers, args.queries, args.naive_runs, args.results)
    print(f"\nbench.alert_preview done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    run_until_stopped(main())
