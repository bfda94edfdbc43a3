"""A fast bulk loader of generated, published offers, for the benchmarks.

`python -m bench.catalogue [--offers 1000000] [--postgres URL]` loads a fresh SQLite file (and a
fresh PostgreSQL database when given), prints the time, beside the naive baseline measured in
the same run on a sample (the domain's `create_offers` + `publish_offers` by batches of 10,000,
as the benchmarks loaded their catalogues before), extrapolated to the same size, and the goal.

`load_catalogue(url, offers, seed=…)` fills an empty, migrated database with the rows that
`create_offers` then `publish_offers` would store for the same drafts — references numbered per
type, publication numbers in order, the same folded search texts, the SQLite FTS5 rows, the
PostgreSQL generated tsvector columns — as the site holds them once the worker has matched these
publications (no PendingMatch is left: no saved search could want them), except the change
journal (`offer_change`), left empty as after migration 0012. It is fast because:

- the rich texts' work (sanitising, HTML to text, folding, finding synonyms) is cached per
  field value: the generator draws every rich field from a few thousand combinations (the
  short parts, labels and places, are cached by the domain itself);
- drafts are generated and prepared in worker processes, chunk by chunk, while this process
  writes the previous chunk;
- SQLite takes plain `executemany` in one transaction with the journal and syncs off (restored
  afterwards); PostgreSQL takes `COPY` (asyncpg `copy_records_to_table`) over one connection
  per core, its secondary indexes and its foreign keys dropped during the copy and made again
  once, with their own definitions (the indexes side by side over those connections); the
  server computes the tsvector columns during the copy (they are most of its work), so no FTS5
  words are stemmed for it.

tests/bench/test_catalogue.py holds it to the domain's answers on both engines.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import os
import resource
import secrets
import sqlite3
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import date
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

import asyncpg
from tortoise.backends.base.config_generator import expand_db_url

from models.clock import now, today
from models.db import migrate_database
from models.demo.generator import generate_offers
from models.offers.indexed_text import SEARCHED_COLUMNS, TextPart, indexed_text, text_part
from models.offers.publishing import RICH_TEXT_FIELDS, OfferDraft
from models.offers.sanitize import sanitize_html
from models.offers.tables import OfferStatus
from models.reference.catalogue import OfferType
from models.reference.geography import commune
from models.search.text import html_to_text, index_words

__all__ = ["CHUNK", "load_catalogue", "load_drafts"]

# Offers per chunk: one unit of work for a preparing process, and one write.
CHUNK = 20_000
GOAL_SECONDS_1M = 300

# The offer columns the loader writes, in this order (PostgreSQL computes the two tsvector
# columns itself from search_title and search_body).
_COLUMNS = (
    "id",
    "reference",
    "seq",
    "type",
    "title",
    *RICH_TEXT_FIELDS,
    "diploma_level",
    "domain_id",
    "administration_id",
    "service",
    "workplace",
    "city",
    "department_code",
    "region_code",
    "country_code",
    "contract_start",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_url",
    "status",
    "published_at",
    "expires_on",
    "search_title",
    "search_body",
    "created_at",
    "updated_at",
    "commune_code",
    "latitude",
    "longitude",
    "changed_at",
    "duration",
)

# A prepared offer: (type, reference given by the draft or "", the columns from "title" to
# "search_body" except status and published_at, then the FTS5 title and body, the commune and
# its position, and the duration).
Prepared = tuple[Any, ...]


@cache
def _rich(html: str) -> tuple[str, TextPart]:
    """A rich field as stored (sanitised), and its words and synonym groups."""
    clean = sanitize_html(html)
    return clean, text_part(html_to_text(clean))


@cache
def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """The domains' and administrations' labels, as migration 0002 stores them."""
    rows = import_module("models.migrations.0002_fulltext_and_reference_data")
    return dict(rows.DOMAINS), dict(rows.ADMINISTRATIONS)


def prepare(draft: OfferDraft, *, fts: bool = True) -> Prepared:
    """What `build_offer` computes for a draft, the rich texts read from a cache; with `fts`,
    the stemmed words of SQLite's FTS5 table too (PostgreSQL computes its own tsvectors, and
    stemming every word is half of the preparation's time)."""
    rich = [_rich(getattr(draft, name)) for name in RICH_TEXT_FIELDS]
    columns = {name: getattr(draft, name) for name in SEARCHED_COLUMNS}
    columns.update(zip(RICH_TEXT_FIELDS, (clean for clean, _ in rich), strict=True))
    domains, administrations = _labels()
    title_words, search_body = indexed_text(
        columns,
        domain=domains.get(draft.domain, ""),
        administration=administrations.get(draft.administration, ""),
        rich=[part for _, part in rich],
    )
    title_tokens = index_words(title_words) if fts else None
    body_tokens = index_words(title_words + " " + search_body) if fts else None
    return (
        draft.type,
        draft.reference or "",
        draft.title,
        *(clean for clean, _ in rich),
        draft.diploma_level,
        draft.domain,
        draft.administration,
        draft.service,
        draft.workplace,
        draft.city,
        draft.department_code,
        draft.region_code,
        draft.country_code,
        draft.contract_start,
        draft.contact_name,
        draft.contact_email,
        draft.contact_phone,
        draft.contact_url,
        draft.expires_on,
        title_words,
        search_body,
        title_tokens,
        body_tokens,
        *_position(draft.commune_code),
        draft.duration,
    )


def _position(code: str | None) -> tuple[str | None, float | None, float | None]:
    """The commune and its position, as `build_offer` stores them."""
    place = commune(code) if code else None
    if place is None:
        return None, None, None
    return place.code, place.latitude, place.longitude


def _generated_chunk(job: tuple[int, int, int, date, bool, bool]) -> list[Prepared]:
    """Runs in a preparing process: one chunk of drafts, generated with its own seed."""
    count, seed, number, day, anywhere, fts = job
    apprenticeships = count * 3 // 10
    drafts = generate_offers(
        apprenticeships=apprenticeships,
        stages=count - apprenticeships,
        seed=seed * 100_003 + number,
        today=day,
        anywhere=anywhere,
    )
    return [prepare(d, fts=fts) for d in drafts]


class _Numbering:
    """References and publication numbers as `create_offers` and `publish_offers` give them
    in an empty database: per type from 1 in the year, and 1, 2, 3… in order."""

    def __init__(self) -> None:
        self.year = now().year
        self.next_number = dict.fromkeys(OfferType, 1)
        self.seq = 0
        self.moment = now()

    def rows(
        self, prepared: Sequence[Prepared], *, sqlite: bool
    ) -> tuple[list[tuple[Any, ...]], list[Any]]:
        offers: list[tuple[Any, ...]] = []
        texts: list[Any] = []
        # SQLite gets what Tortoise stores there: ISO dates, datetimes with a space and offset.
        moment: Any = str(self.moment) if sqlite else self.moment
        for p in prepared:
            offer_type: OfferType = p[0]
            reference = p[1]
            if not reference:
                number = self.next_number[offer_type]
                reference = f"{offer_type.reference_letter}-{self.year}-{number:04d}"
                self.next_number[offer_type] = number + 1
            self.seq += 1
            seq = self.seq
            offers.append(
                (
                    seq,  # id: the table is empty, rows come in order
                    reference,
                    seq,
                    offer_type.value,
                    *p[2:17],
                    _day(p[17], sqlite),
                    *p[18:22],
                    OfferStatus.PUBLISHED.value,
                    moment,
                    _day(p[22], sqlite),
                    p[23],
                    p[24],
                    moment,
                    moment,
                    *p[27:30],
                    moment,
                    p[30],
                )
            )
            texts.append((seq, p[25], p[26]))
        return offers, texts


async def _prepared_chunks(
    offers: int, seed: int, day: date, processes: int, anywhere: bool, fts: bool
) -> AsyncIterator[list[Prepared]]:
    """Chunks in order, prepared by a pool a few chunks ahead of the writer."""
    jobs = [
        (min(CHUNK, offers - start), seed, number, day, anywhere, fts)
        for number, start in enumerate(range(0, offers, CHUNK))
    ]
    if processes <= 1 or len(jobs) == 1:
        for job in jobs:
            yield _generated_chunk(job)
        return
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(processes) as pool:
        pending = [loop.run_in_executor(pool, _generated_chunk, job) for job in jobs[:processes]]
        following = iter(jobs[processes:])
        while pending:
            chunk = await pending.pop(0)
            after = next(following, None)
            if after is not None:
                pending.append(loop.run_in_executor(pool, _generated_chunk, after))
            yield chunk


def _sqlite_path(database_url: str) -> str:
    return str(expand_db_url(database_url)["credentials"]["file_path"])


def _day(value: date | None, sqlite: bool) -> date | str | None:
    return value.isoformat() if sqlite and value is not None else value


class _SqliteWriter:
    def __init__(self, database_url: str) -> None:
        self.connection = sqlite3.connect(_sqlite_path(database_url), isolation_level=None)
        if self.connection.execute("SELECT 1 FROM offer LIMIT 1").fetchone():
            self.connection.close()
            raise ValueError("the offer table is not empty")
        self.journal = self.connection.execute("PRAGMA journal_mode").fetchone()[0]
        # Nobody else writes while the file is loaded: no journal, no sync, a larger cache.
        # (Leaving WAL needs the file to itself; when another connection holds it, as in the
        # tests, the load keeps the journal and is only slower.)
        with contextlib.suppress(sqlite3.OperationalError):
            self.connection.execute("PRAGMA journal_mode = OFF")
        self.connection.execute("PRAGMA synchronous = OFF")
        self.connection.execute("PRAGMA cache_size = -262144")
        self.connection.execute("BEGIN")
        self.offer_sql = (
            f"INSERT INTO offer ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        )

    def write(self, offers: list[tuple[Any, ...]], texts: list[Any]) -> None:
        self.connection.executemany(self.offer_sql, offers)
        self.connection.executemany(
            "INSERT INTO offer_fts (rowid, title, body) VALUES (?, ?, ?)", texts
        )

    def close(self, committed: bool) -> None:
        self.connection.execute("COMMIT" if committed else "ROLLBACK")
        self.connection.execute(f"PRAGMA journal_mode = {self.journal}")
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.close()


class _PostgresWriter:
    """COPY over several connections at once: the server computing every row's two tsvector
    columns is most of the work, and each connection gets a core of its own."""

    def __init__(self, database_url: str, connections: int) -> None:
        self.database_url = database_url
        self.count = max(1, connections)
        self.connections: list[asyncpg.Connection] = []
        self.idle: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()
        self.copies: list[asyncio.Task[None]] = []
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str]] = []

    async def start(self) -> None:
        for _ in range(self.count):
            self.connections.append(await asyncpg.connect(self.database_url))
        first = self.connections[0]
        if await first.fetchval("SELECT 1 FROM offer LIMIT 1"):
            raise ValueError("the offer table is not empty")
        # Secondary indexes (not those behind a constraint) are built once at the end, which
        # is much faster than updating them row by row, the GIN ones above all. Each copy
        # commits on its own: a failed load leaves a database to drop, not to use.
        self.indexes = [
            (r["indexname"], r["indexdef"])
            for r in await first.fetch(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'offer'"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint"
                " WHERE conrelid = 'offer'::regclass)"
            )
        ]
        for name, _ in self.indexes:
            await first.execute(f'DROP INDEX "{name}"')
        # The offer's own foreign keys (domain, administration) too: checked row by row they
        # cost the server a lookup each (~0.3 s of CPU per 20,000 offers), checked again
        # when they are added back a single join (~0.04 s).
        self.foreign_keys = [
            (r["conname"], r["definition"])
            for r in await first.fetch(
                "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint"
                " WHERE conrelid = 'offer'::regclass AND contype = 'f' ORDER BY conname"
            )
        ]
        for name, _ in self.foreign_keys:
            await first.execute(f'ALTER TABLE offer DROP CONSTRAINT "{name}"')
        for connection in self.connections:
            self.idle.put_nowait(connection)

    async def _copy(self, connection: asyncpg.Connection, offers: list[tuple[Any, ...]]) -> None:
        try:
            await connection.copy_records_to_table("offer", records=offers, columns=_COLUMNS)
        finally:
            self.idle.put_nowait(connection)

    async def write(self, offers: list[tuple[Any, ...]]) -> None:
        """Starts copying the rows as soon as a connection is free."""
        connection = await self.idle.get()
        for copy in [c for c in self.copies if c.done()]:
            self.copies.remove(copy)
            copy.result()  # a failed copy stops the load here
        self.copies.append(asyncio.create_task(self._copy(connection, offers)))

    async def finish(self) -> None:
        await asyncio.gather(*self.copies)
        self.copies.clear()
        # Building an index is one backend's work (GIN builds are never parallel here), and
        # building several on one table at once is allowed: one per connection.
        definitions = [definition for _, definition in self.indexes]
        # The largest (the full-text GIN) first, so that the others share its time.
        definitions.sort(key=lambda d: ("search_all" not in d, d))

        async def build(connection: asyncpg.Connection) -> None:
            await connection.execute("SET maintenance_work_mem = '256MB'")
            while definitions:
                await connection.execute(definitions.pop(0))

        await asyncio.gather(*(build(c) for c in self.connections))
        first = self.connections[0]
        # After the indexes: adding a foreign key locks out their builds.
        for name, definition in self.foreign_keys:
            await first.execute(f'ALTER TABLE offer ADD CONSTRAINT "{name}" {definition}')
        await first.execute(
            "SELECT setval(pg_get_serial_sequence('offer', 'id'), max(id)) FROM offer"
        )
        await first.execute("ANALYZE offer")

    def server_cpu_seconds(self) -> float | None:
        """CPU time of the server processes behind the connections, when the server runs on
        this machine (Linux): the copy's share of the work that the bench's own CPU time
        leaves out."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for connection in self.connections:
            try:
                stat = Path(f"/proc/{connection.get_server_pid()}/stat").read_text()
            except OSError:
                return None
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    async def close(self) -> None:
        for copy in self.copies:
            copy.cancel()
        await asyncio.gather(*self.copies, return_exceptions=True)
        for connection in self.connections:
            await connection.close()


async def _write(
    database_url: str,
    chunks: AsyncIterator[Sequence[Prepared]],
    usage: dict[str, float] | None = None,
) -> int:
    numbering = _Numbering()
    written = 0
    if database_url.startswith("sqlite"):
        sqlite_writer = _SqliteWriter(database_url)
        committed = False
        try:
            async for chunk in chunks:
                offers, texts = numbering.rows(chunk, sqlite=True)
                sqlite_writer.write(offers, texts)
                written += len(offers)
            committed = True
        finally:
            sqlite_writer.close(committed)
        return written
    writer = _PostgresWriter(database_url, os.cpu_count() or 1)
    try:
        await writer.start()
        async for chunk in chunks:
            offers, _ = numbering.rows(chunk, sqlite=False)
            await writer.write(offers)
            written += len(offers)
        await writer.finish()
        server_cpu = writer.server_cpu_seconds()
        if usage is not None and server_cpu is not None:
            usage["server_cpu"] = server_cpu
    finally:
        await writer.close()
    return written


async def load_catalogue(
    database_url: str,
    offers: int,
    *,
    seed: int = 7,
    day: date | None = None,
    processes: int | None = None,
    anywhere: bool = False,
    usage: dict[str, float] | None = None,
) -> int:
    """Fills the empty offer table of a migrated database with `offers` generated offers,
    published, three in ten apprenticeships; returns how many. `anywhere`: in France, in any
    commune drawn by population, rather than in about forty large towns. `usage` gets
    "server_cpu", the seconds of CPU PostgreSQL's processes spent on the load, when they run
    on this machine.

    The same seed, day and count always give the same offers. Chunks of `CHUNK` offers are
    generated each with its own seed, so that processes can prepare them side by side.
    """
    chunks = _prepared_chunks(
        offers,
        seed,
        day or today(),
        processes or os.cpu_count() or 1,
        anywhere,
        fts=database_url.startswith("sqlite"),
    )
    return await _write(database_url, chunks, usage)


async def load_drafts(database_url: str, drafts: Sequence[OfferDraft]) -> int:
    """The same as `load_catalogue` for given drafts, prepared in this process (for tests:
    the same drafts through the domain's functions must give the same site)."""

    fts = database_url.startswith("sqlite")

    async def chunks() -> AsyncIterator[list[Prepared]]:
        for start in range(0, len(drafts), CHUNK):
            yield [prepare(d, fts=fts) for d in drafts[start : start + CHUNK]]

    return await _write(database_url, chunks())


async def _naive_seconds(database_url: str, sample: int) -> float:
    """The domain's path, as the benchmarks loaded their catalogues before: seconds taken."""
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    from models.db import tortoise_config
    from models.offers.publishing import create_offers, publish_offers

    await migrate_database(database_url)
    EXECUTOR_CACHE.clear()  # Tortoise keeps insert statements per table, whatever the engine
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        drafts = generate_offers(
            apprenticeships=sample * 3 // 10,
            stages=sample - sample * 3 // 10,
            seed=7,
            today=today(),
        )
        started = time.perf_counter()
        for start in range(0, len(drafts), 10_000):
            await publish_offers(await create_offers(drafts[start : start + 10_000]))
        return time.perf_counter() - started
    finally:
        await Tortoise.close_connections()


async def _postgres_scratch(admin_url: str) -> tuple[str, Callable[[], Any]]:
    name = f"pass_bench_catalogue_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()

    async def drop() -> None:
        connection = await asyncpg.connect(admin_url)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the preparing pool); the
    database server's own is not counted."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


async def _compare(engine: str, urls: Iterator[str], offers: int, sample: int) -> None:
    started = time.perf_counter()
    cpu = _cpu_seconds()
    url = next(urls)
    await migrate_database(url)
    usage: dict[str, float] = {}
    loaded = await load_catalogue(url, offers, usage=usage)
    ours = time.perf_counter() - started
    server = f", of the server's: {usage['server_cpu']:.1f} s" if "server_cpu" in usage else ""
    print(
        f"  {engine:10} {loaded:>9} offers loaded in {ours:.1f} s"
        f" (CPU of the bench's processes: {_cpu_seconds() - cpu:.1f} s{server}; load average"
        f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        flush=True,
    )
    naive = await _naive_seconds(next(urls), sample) * offers / sample
    projected = ours * 1_000_000 / loaded
    print(
        f"  {engine:10} {loaded:>9} offers: ours {ours:7.1f} s ({loaded / ours:6.0f} offers/s) | "
        f"naive {naive:7.1f} s (domain functions: {sample} timed, extrapolated) | "
        f"ratio {naive / ours:5.1f}x | at 1M: {projected:.0f} s"
        f"{'' if loaded == 1_000_000 else ' (projected)'}, goal ≤ {GOAL_SECONDS_1M} s "
        f"({'met' if projected <= GOAL_SECONDS_1M else 'MISSED'})",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=10_000, help="offers the naive path loads")
    parser.add_argument("--postgres", help="an administrator URL; scratch databases are dropped")
    args = parser.parse_args()
    print(f"Loading {args.offers} published offers (goal: 1M in under 5 minutes per engine)")
    with tempfile.TemporaryDirectory(prefix="pass-bench-catalogue-") as folder:
        paths = (f"sqlite://{Path(folder) / f'{n}.sqlite3'}" for n in range(2))
        await _compare("SQLite", paths, args.offers, args.sample)
    if args.postgres:
        ours_url, drop_ours = await _postgres_scratch(args.postgres)
        naive_url, drop_naive = await _postgres_scratch(args.postgres)
        try:
            await _compare("PostgreSQL", iter([ours_url, naive_url]), args.offers, args.sample)
        finally:
            await drop_ours()
            await drop_naive()


if __name__ == "__main__":
    asyncio.run(main())
