"""The published offers as the facet index holds them, read from the offers table.

Read with plain SQL selecting only the columns the index needs: building the index at a
process's start must not make a model instance, or a dict, per offer.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import cast

import orjson
from pyroaring import BitMap
from tortoise import connections

from models.offers.tables import OfferStatus
from models.search.criteria import Facet
from models.search.text import index_words

__all__ = [
    "COLUMNS",
    "IndexedOffer",
    "PublishedOffers",
    "changed_offers_since",
    "indexed",
    "load_published_offers",
    "micros",
    "offer_terms",
]


@dataclass(frozen=True, slots=True)
class IndexedOffer:
    seq: int
    offer_id: int
    values: dict[Facet, str | None]
    expires_on: date | None
    # The offer's last change: the same offer seen again unchanged (the catch-up's margin) is
    # not a change of the index, and keeps the caches derived from it.
    updated_at: datetime | None = None
    # The full-text engine's terms of the title, and of the title and body together; None
    # when not known (the index then keeps its terms for this offer as they were).
    title_terms: frozenset[str] | None = None
    terms: frozenset[str] | None = None
    # Its commune's position (None: abroad, or its town unknown).
    latitude: float | None = None
    longitude: float | None = None


COLUMNS = (
    "id",
    "seq",
    "type",
    "diploma_level",
    "domain_id",
    "administration_id",
    "region_code",
    "department_code",
    "country_code",
    "expires_on",
    "updated_at",
    "latitude",
    "longitude",
)


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def indexed(
    row: Mapping[str, object],
    title_terms: frozenset[str] | None = None,
    terms: frozenset[str] | None = None,
) -> IndexedOffer:
    return IndexedOffer(
        seq=int(row["seq"]),  # type: ignore[call-overload]
        offer_id=int(row["id"]),  # type: ignore[call-overload]
        values={
            Facet.TYPES: str(row["type"]),
            Facet.DIPLOMA_LEVELS: _text(row["diploma_level"]),
            Facet.DOMAINS: _text(row["domain_id"]),
            Facet.ADMINISTRATIONS: _text(row["administration_id"]),
            Facet.REGIONS: _text(row["region_code"]),
            Facet.DEPARTMENTS: _text(row["department_code"]),
            Facet.COUNTRIES: _text(row["country_code"]),
        },
        expires_on=_day(row["expires_on"]),
        updated_at=_moment(row.get("updated_at")),
        title_terms=title_terms,
        terms=terms,
        latitude=_number(row.get("latitude")),
        longitude=_number(row.get("longitude")),
    )


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def offer_terms(search_title: str, search_body: str) -> tuple[frozenset[str], frozenset[str]]:
    """The SQLite FTS5 terms of an offer's title, and of its title and body: the very token
    streams `index_offer_text` stores."""
    title = frozenset(index_words(search_title).split())
    return title, title | frozenset(index_words(search_body).split())


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _day(value: object) -> date | None:
    # SQLite hands dates back as text through plain SQL.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _moment(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(slots=True)
class PublishedOffers:
    """Every published offer, column by column: what a new index is built from."""

    seqs: array[int]
    # Per facet: each value's offers (publication numbers).
    values: dict[Facet, dict[str, BitMap]]
    # Per end date's ordinal, the offers ending that day.
    ending: dict[int, BitMap]
    # In the order of seqs: the last change, in microseconds since 1970.
    updated: array[int]
    # In the order of seqs: the position (NaN: none).
    latitudes: array[float]
    longitudes: array[float]


_FACET_COLUMNS = {
    Facet.TYPES: "type",
    Facet.DIPLOMA_LEVELS: "diploma_level",
    Facet.DOMAINS: "domain_id",
    Facet.ADMINISTRATIONS: "administration_id",
    Facet.REGIONS: "region_code",
    Facet.DEPARTMENTS: "department_code",
    Facet.COUNTRIES: "country_code",
}


async def load_published_offers() -> PublishedOffers:
    """Every published offer's facet values, end date and last change, in one scan of the
    offers table whose rows come back as one array per column (parsed in C), not a row each.
    Each column is grouped into bitmaps and dropped before the next is parsed, so that the
    load never holds much more than the index. Their terms the index reads from the
    full-text engine, term by term."""
    connection = connections.get("default")
    columns = ["seq", *_FACET_COLUMNS.values(), "expires_on", "updated_at", "latitude", "longitude"]
    postgres = _dialect() == "postgres"
    if postgres:
        select = ", ".join(f"array_agg({c})" for c in columns)
        sql = f"SELECT {select} FROM offer WHERE status = $1"
    else:
        select = ", ".join(f"json_group_array({c})" for c in columns)
        sql = f"SELECT {select} FROM offer WHERE status = ?"
    _, rows = await connection.execute_query(sql, [OfferStatus.PUBLISHED.value])
    found = list(rows[0])
    del rows

    def column(i: int) -> list[object]:
        value, found[i] = found[i], None
        return list(value or ()) if postgres else list(orjson.loads(str(value)))

    seq_list = column(0)
    seqs = array("I", cast("list[int]", seq_list))
    del seq_list

    def grouped(i: int) -> dict[object, BitMap]:
        # A defaultdict rather than setdefault: no empty list built and dropped per offer
        # (~20 % of this loop, which runs once per offer and column at every start).
        groups: defaultdict[object, list[int]] = defaultdict(list)
        for seq, value in zip(seqs, column(i), strict=True):
            groups[value].append(seq)
        return {value: BitMap(members) for value, members in groups.items()}

    values: dict[Facet, dict[str, BitMap]] = {}
    for i, facet in enumerate(_FACET_COLUMNS, start=1):
        values[facet] = {
            text: bitmap
            for value, bitmap in grouped(i).items()
            if (text := _text(value)) is not None
        }
    ending: dict[int, BitMap] = {}
    for day, bitmap in grouped(8).items():
        end = _day(day)
        if end is not None:
            ending[end.toordinal()] = bitmap
    updated = array("q", (micros(_moment(m)) for m in column(9)))
    latitudes = array("d", (math.nan if v is None else float(v) for v in column(10)))  # type: ignore[arg-type]
    longitudes = array("d", (math.nan if v is None else float(v) for v in column(11)))  # type: ignore[arg-type]
    return PublishedOffers(seqs, values, ending, updated, latitudes, longitudes)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(moment: datetime | None) -> int:
    """Microseconds since 1970 (0 for none): how the index keeps each offer's last change."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


async def changed_offers_since(
    moment: datetime | None,
) -> tuple[list[IndexedOffer], list[int]]:
    """Offers changed since `moment`: those now published, with their terms, and the
    publication numbers of those no longer published."""
    connection = connections.get("default")
    postgres = _dialect() == "postgres"
    if postgres:
        extra = (
            ", status, tsvector_to_array(search_title_tsv) AS title_terms,"
            " tsvector_to_array(search_all_tsv) AS terms"
        )
    else:
        extra = ", status, search_title, search_body"
    sql = f"SELECT {', '.join(COLUMNS)}{extra} FROM offer WHERE seq IS NOT NULL"
    params: list[object] = []
    if moment is not None:
        sql += " AND updated_at >= " + ("$1" if postgres else "?")
        # SQLite compares the text Tortoise stored: the same spelling, to the microsecond.
        params.append(moment if postgres else moment.isoformat(" ", "microseconds"))
    rows = await connection.execute_query_dict(sql, params)
    published = [
        indexed(r, *_terms_of_row(r, postgres))
        for r in rows
        if r["status"] == OfferStatus.PUBLISHED.value
    ]
    withdrawn = [int(r["seq"]) for r in rows if r["status"] != OfferStatus.PUBLISHED.value]
    return published, withdrawn


def _terms_of_row(row: Mapping[str, object], postgres: bool) -> tuple[frozenset[str], ...]:
    if postgres:
        return frozenset(_strings(row["title_terms"])), frozenset(_strings(row["terms"]))
    return offer_terms(str(row["search_title"]), str(row["search_body"]))


def _strings(value: object) -> Sequence[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
