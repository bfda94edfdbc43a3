"""Writing the open data export: every live offer, as CSV and as JSON, in one pass over the
offers read by batches (keyset on the publication number), so memory stays flat whatever the
catalogue's size.

CSV: comma-separated (RFC 4180, what data.gouv.fr recommends), UTF-8 with a byte order mark,
so that Excel, which French users open CSV files with, reads the accents right; tools that take
UTF-8 (pandas, R, LibreOffice, Python with `utf-8-sig`) skip the mark. One header line, the
COLUMNS' names.

JSON: one document, `{"metadonnees": {…}, "offres": […]}`, rather than JSON Lines, so that the
file says what it is (licence, date, source, count) and loads with any JSON reader. Absent
values are null there, empty cells in the CSV.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import os
import secrets
import shutil
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import orjson
from tortoise import connections
from tortoise.queryset import ValuesListQuery

from models.clock import now, today
from models.offers.listing import live_offers_on
from models.opendata.fields import COLUMNS, TABLE_COLUMNS, Value, row_builder
from models.opendata.files import (
    META_NAME,
    ExportFile,
    OpenDataExport,
    current_export,
    describe,
    open_data_dir,
    write_atomically,
)
from models.reference import Vocabulary, vocabulary
from models.reference.tables import Administration, Domain

__all__ = [
    "BATCH",
    "LICENCE",
    "LICENCE_URL",
    "export_is_due",
    "export_open_data",
    "live_offer_rows",
]

LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
BATCH = 2_000
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"
# A stale temporary file (an export killed midway) is removed after this long; younger ones may
# be another worker's export in progress.
_STALE_SECONDS = 3600.0


async def _fresh_vocabulary() -> Vocabulary:
    """The process's vocabulary with the domains and administrations read now: a worker keeps
    its vocabulary for days, and the export must name a domain added since."""
    words = await vocabulary()
    domains = await Domain.all().values_list("code", "label")
    administrations = await Administration.all().values_list("code", "label")
    return replace(words, domains=dict(domains), administrations=dict(administrations))


async def _raw(query: ValuesListQuery[Literal[False]]) -> list[tuple[Any, ...]]:
    """The rows as the driver returns them: Tortoise's conversion of each value (dates parsed
    by a pure-Python ISO 8601 parser) took half the export's time; fields.py reads raw dates."""
    query.sql()  # builds the query for this database
    _, records = await connections.get("default").execute_query(
        *query.query.get_parameterized_sql()
    )
    # sqlite3.Row and asyncpg.Record both iterate over the values in the order selected.
    return [tuple(record) for record in records]


async def live_offer_rows(
    site_url: str, on: date | None = None, batch: int = BATCH
) -> AsyncIterator[list[list[Value]]]:
    """The live offers as rows of COLUMNS' values, oldest publication first, a batch at a time."""
    day = on or today()
    build = row_builder(await _fresh_vocabulary(), site_url)
    after = 0
    while True:
        query = (
            live_offers_on(day)
            .filter(seq__gt=after)
            .order_by("seq")
            .limit(batch)
            .values_list("seq", *TABLE_COLUMNS)
        )
        rows = await _raw(query)
        if not rows:
            return
        after = int(rows[-1][0])
        # Off the event loop: a batch takes a tenth of a second, which the worker's other jobs
        # (mails) would otherwise wait.
        yield await asyncio.to_thread(_built, build, rows)


def _built(
    build: Callable[[tuple[Any, ...]], list[Value]], rows: Sequence[tuple[Any, ...]]
) -> list[list[Value]]:
    return [build(row[1:]) for row in rows]


def _json_row(names: Sequence[str], values: list[Value]) -> bytes:
    return orjson.dumps({n: (None if v == "" else v) for n, v in zip(names, values, strict=True)})


class _Writer:
    """The two files being written: the CSV, and the JSON's offers (its head, which needs the
    count, is put before them at the end)."""

    def __init__(self, folder: Path) -> None:
        tag = f"{os.getpid()}.{secrets.token_hex(4)}"
        self.csv_path = folder / f".offres.{tag}.csv.part"
        self.offers_path = folder / f".offres.{tag}.offers.part"
        self.json_path = folder / f".offres.{tag}.json.part"
        self.csv_file = self.csv_path.open("w", encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.csv_file)
        self.csv.writerow(c.name for c in COLUMNS)
        self.offers = self.offers_path.open("wb")
        self.count = 0
        self.names = [c.name for c in COLUMNS]

    def write(self, rows: list[list[Value]]) -> None:
        self.csv.writerows(rows)
        separator = b",\n" if self.count else b"\n"
        self.offers.write(separator + b",\n".join(_json_row(self.names, r) for r in rows))
        self.count += len(rows)

    def finish(self, head: dict[str, Any]) -> None:
        self.csv_file.close()
        self.offers.close()
        with self.json_path.open("wb") as out:
            text = orjson.dumps(head, option=orjson.OPT_INDENT_2)
            out.write(text[:-2] + b',\n  "offres": [')  # the head without its closing "}"
            with self.offers_path.open("rb") as offers:
                shutil.copyfileobj(offers, out, 1 << 20)
            out.write(b"\n  ]\n}\n")
        self.offers_path.unlink()

    def discard(self) -> None:
        self.csv_file.close()
        self.offers.close()
        for path in (self.csv_path, self.offers_path, self.json_path):
            path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _keep(folder: Path, partial: Path, format: str, content_type: str) -> ExportFile:
    """Renames a finished file to the name of its content."""
    sha256 = _sha256(partial)
    name = f"offres-{sha256[:16]}.{format}"
    size = partial.stat().st_size
    os.replace(partial, folder / name)
    return ExportFile(format, name, size, sha256, content_type)


def _head(generated_at: datetime, count: int, site_url: str) -> dict[str, Any]:
    return {
        "metadonnees": {
            "titre": "Offres de stage et d'apprentissage de la fonction publique en ligne sur PASS",
            "source": site_url + "/donnees",
            "genere_le": generated_at.isoformat(timespec="seconds"),
            "nombre_offres": count,
            "licence": {"nom": LICENCE, "url": LICENCE_URL},
            "champs": [{"nom": c.name, "description": c.description} for c in COLUMNS],
        }
    }


def _remove_old_files(folder: Path, export: OpenDataExport) -> None:
    kept = {META_NAME, *(f.stored_as for f in export.files), *export.previous}
    moment = time.time()
    for path in folder.iterdir():
        if path.name in kept or not path.is_file():
            continue
        temporary = path.name.startswith(".")
        if temporary and moment - path.stat().st_mtime < _STALE_SECONDS:
            continue  # perhaps another worker's export, still being written
        if temporary or path.name.startswith("offres-"):
            path.unlink(missing_ok=True)


async def export_open_data(
    site_url: str, folder: Path | None = None, on: date | None = None
) -> OpenDataExport:
    """Writes a new export of the live offers and makes it the one served; the previous one
    stays whole until this one is complete (and if this one fails, it stays the one served)."""
    folder = folder or open_data_dir()
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    generated_at = now().replace(microsecond=0)
    writer = await asyncio.to_thread(_Writer, folder)
    try:
        async for rows in live_offer_rows(site_url, on=on):
            await asyncio.to_thread(writer.write, rows)
        head = _head(generated_at, writer.count, site_url)
        await asyncio.to_thread(writer.finish, head)
        files = (
            await asyncio.to_thread(_keep, folder, writer.csv_path, "csv", CSV_TYPE),
            await asyncio.to_thread(_keep, folder, writer.json_path, "json", JSON_TYPE),
        )
    except BaseException:
        await asyncio.to_thread(writer.discard)
        raise
    before = await asyncio.to_thread(current_export, folder)
    previous = tuple(f.stored_as for f in before.files) if before else ()
    export = OpenDataExport(generated_at, writer.count, files, previous)
    await asyncio.to_thread(write_atomically, folder / META_NAME, describe(export))
    await asyncio.to_thread(_remove_old_files, folder, export)
    return export


async def export_is_due(max_age_hours: float, folder: Path | None = None) -> bool:
    """Whether there is no export yet, or only one older than this."""
    export = await asyncio.to_thread(current_export, folder)
    if export is None:
        return True
    return (now() - export.generated_at).total_seconds() > max_age_hours * 3600
