"""Words benchmark: `python -m bench.suggestions [--offers 100000]`, on SQLite.

Loads a catalogue with the bulk loader (kept in bench-results/ between runs, rebuilt when its
size differs), then measures, in-process:

- counting the catalogue's words for « Vouliez-vous dire » (once per facet index);
- a search whose keyword is misspelt (no offer, then the suggestion), warm, beside the same
  search spelt right, and the naive suggestion (the closest word by a plain edit distance over
  the whole word list, in Python) in the same run;
- migration 0011's recomputation of every offer's indexed words, per 1,000 offers.

Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from importlib import import_module
from types import SimpleNamespace

from tortoise import connections

from bench.catalogue import load_catalogue
from bench.search import RESULTS, _remove_sqlite
from models.db import migrate_database
from models.offers.tables import Offer
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.facet_index import settled_facet_index
from models.search.offers import search_offers
from models.search.suggestions import CatalogueWords, catalogue_words
from server.runtime import open_database

MISSPELT = [
    "numerque",
    "comunication",
    "informatqiue",
    "jurdique",
    "stagaire",
    "recrutment",
    "jursite",
]


def _naive_closest(words: CatalogueWords, word: str) -> str | None:
    def distance(a: str, b: str) -> int:
        """Optimal string alignment: insertions, deletions, substitutions, swaps."""
        rows = [list(range(len(b) + 1))]
        for i in range(1, len(a) + 1):
            row = [i]
            for j in range(1, len(b) + 1):
                cost = min(
                    rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1])
                )
                if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                    cost = min(cost, rows[i - 2][j - 2] + 1)
                row.append(cost)
            rows.append(row)
        return rows[-1][-1]

    edits = 2 if len(word) >= 9 else 1
    found = [(distance(word, w), -n, w) for w, n in words.counts.items()]
    best = min((f for f in found if f[0] <= edits and f[2] != word), default=None)
    return best[2] if best else None


def _figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    sqlite_file = RESULTS / f"search-{args.offers}.sqlite3"
    url = f"sqlite://{sqlite_file}"
    await migrate_database(url)
    async with open_database(url):
        present = await Offer.all().count()
    if present != args.offers:
        await asyncio.to_thread(_remove_sqlite, sqlite_file)
        await migrate_database(url)
        started = time.perf_counter()
        await load_catalogue(url, args.offers)
        print(f"loaded {args.offers} offers in {time.perf_counter() - started:.1f} s")
    async with open_database(url):
        index = await settled_facet_index()
        started = time.perf_counter()
        found = None
        while found is None:  # counted in the background; a search waits a moment only
            found = await catalogue_words(index, index.version)
        words = found
        print(
            f"catalogue words counted in {(time.perf_counter() - started) * 1000:.0f} ms"
            f" ({len(words.counts)} words)"
        )
        labels = await vocabulary()
        for name, keywords in (("misspelt", MISSPELT), ("spelt right", None)):
            samples = []
            for _ in range(args.runs):
                for word in MISSPELT:
                    typed = word if keywords else (words.closest(word) or word)
                    criteria = SearchCriteria.build(keywords=typed, vocabulary=labels)
                    started = time.perf_counter()
                    page = await search_offers(criteria)
                    samples.append((time.perf_counter() - started) * 1000)
                    if keywords:
                        assert page.total == 0 and page.did_you_mean, (word, page.did_you_mean)
            print(f"search, keyword {name}: {_figures(samples)}")
        closest = []
        for word in MISSPELT:
            started = time.perf_counter()
            words.closest(word)
            closest.append((time.perf_counter() - started) * 1000)
        print(f"closest word (rapidfuzz, by length): {_figures(closest)}")
        naive = []
        for word in MISSPELT[:3]:
            started = time.perf_counter()
            assert _naive_closest(words, word) == words.closest(word)
            naive.append((time.perf_counter() - started) * 1000)
        print(f"closest word (naive, pure Python): {_figures(naive)}")

        migration = import_module("models.migrations.0011_offer_search_words")
        started = time.perf_counter()
        await migration.recompute_search_words(
            None, SimpleNamespace(client=connections.get("default"))
        )
        seconds = time.perf_counter() - started
        print(
            f"migration 0011 on {args.offers} offers: {seconds:.1f} s"
            f" ({seconds / args.offers * 1000 * 1000:.0f} ms per 1,000 offers)"
        )


if __name__ == "__main__":
    asyncio.run(main())
