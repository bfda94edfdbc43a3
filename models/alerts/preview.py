"""How many mails an alert would bring: « environ N offres par semaine », before it is on.

The rate is what the last 90 days' publications say: every offer published since then that is
not a draft — archived and expired ones included, they were published then — matched against
the criteria with the alerts' own predicate (`models.alerts.matching.matches`), divided by the
weeks of the window. The facet index holds only the live offers, so it cannot answer this.

Each process keeps the window's offers in memory for `TTL_SECONDS`: their facts (facet values,
the token stream `facts_of` reads, the position) once per offer and change, kept across
refreshes, so that a refresh reads one compact list of (id, last change) and tokenises only
what is new. Counting uses, per facet value and per word, the bitmap of the window's offers
that have it: the predicate's facet and word tests in set form. Phrases and places, which need
an offer's token order or position, are checked by `matches` itself on what the bitmaps left.
tests/models/test_alert_preview.py holds the count to `matches` over every row.
"""

from __future__ import annotations

import asyncio
import time
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
from pyroaring import BitMap
from tortoise import connections

from models.alerts.matching import OfferFacts, compile_keywords, matches
from models.clock import now
from models.offers.tables import OfferStatus
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.published_offers import indexed, micros
from models.search.text import index_words

__all__ = [
    "MAX_WINDOW_OFFERS",
    "TTL_SECONDS",
    "WINDOW_DAYS",
    "AlertPreview",
    "alert_preview",
    "expected_per_week",
    "forget_alert_preview",
    "pace_in_words",
    "pace_sentence",
]

WINDOW_DAYS = 90
# A new publication shows in the previews within this long: a rate over 90 days does not move
# with one offer, and a refresh costs a scan of the window's (id, last change).
TTL_SECONDS = 300.0
# Beyond this many publications in 90 days (~250 bytes of facts each in memory, plus their
# token streams), the window is the newest ones and the rate is taken over the days they span.
MAX_WINDOW_OFFERS = 300_000
# Distinct criteria whose count is kept until the next refresh (a page of saved searches asks
# for each of its cards at every visit).
_KEPT_COUNTS = 2048
# Ids per query when reading the new offers' texts: well under both engines' parameter limits.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AlertPreview:
    # Matching publications over the window (scaled to 90 days if the window is shortened).
    last_ninety_days: int
    per_week: float


@dataclass(frozen=True, slots=True)
class _Entry:
    """One publication of the window, read once per change of the offer."""

    offer_id: int
    updated: int  # microseconds since 1970
    published: int
    values: dict[Facet, str | None]
    # The offer's token stream as term numbers of the cache's vocabulary (4 bytes a token
    # rather than a tuple's 8 and a set's ~50).
    terms: array[int]
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class _Window:
    entries: list[_Entry]
    terms: list[str]
    all: BitMap
    by_value: dict[Facet, dict[str, BitMap]]
    by_term: dict[int, BitMap]
    # The days the window spans (WINDOW_DAYS unless it was cut at MAX_WINDOW_OFFERS).
    days: float
    loaded_at: float
    counts: dict[SearchCriteria, int] = field(default_factory=dict)

    def facts(self, position: int) -> OfferFacts:
        entry = self.entries[position]
        tokens = tuple(self.terms[t] for t in entry.terms)
        return OfferFacts(entry.values, tokens, frozenset(tokens), entry.latitude, entry.longitude)

    def count(self, criteria: SearchCriteria) -> int:
        kept = self.counts.get(criteria)
        if kept is not None:
            return kept
        candidates = self.all
        for facet in FACETS:
            chosen = criteria.selected(facet)
            if chosen:
                values = self.by_value[facet]
                candidates = candidates & BitMap.union(*(values.get(v, BitMap()) for v in chosen))
        query = criteria.keyword_query
        check = bool(criteria.near)
        if query:
            compiled = compile_keywords(query)
            for stem in compiled.stems:
                term = _TERM_NUMBERS.get(stem)
                bitmap = self.by_term.get(term) if term is not None else None
                candidates = candidates & (bitmap if bitmap is not None else BitMap())
            check = check or bool(compiled.runs)
        if check:
            found = sum(1 for p in candidates if matches(criteria, self.facts(p)))
        else:
            found = len(candidates)
        if len(self.counts) >= _KEPT_COUNTS:
            self.counts.clear()
        self.counts[criteria] = found
        return found


# The vocabulary of term numbers, shared by successive windows so that entries can be kept.
_TERM_NUMBERS: dict[str, int] = {}
_TERMS: list[str] = []
_entries: dict[int, _Entry] = {}
_window: _Window | None = None
_lock: asyncio.Lock | None = None


def forget_alert_preview() -> None:
    """Drops the window (another database, or tests that change offers)."""
    global _window, _lock
    _window = None
    _lock = None
    _entries.clear()
    _TERM_NUMBERS.clear()
    _TERMS.clear()


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def _stamp(moment: datetime, postgres: bool) -> object:
    # SQLite compares the text Tortoise stored: the same spelling, to the microsecond.
    return moment if postgres else moment.isoformat(" ", "microseconds")


def _moment(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment


async def _window_rows(cutoff: datetime) -> list[dict[str, object]]:
    """The (id, last change, publication) of the window's offers, newest first."""
    postgres = _dialect() == "postgres"
    mark = ("$1", "$2", "$3") if postgres else ("?", "?", "?")
    sql = (
        "SELECT id, updated_at, published_at FROM offer"
        f" WHERE status <> {mark[0]} AND published_at >= {mark[1]}"
        f" ORDER BY published_at DESC, id DESC LIMIT {mark[2]}"
    )
    params = [OfferStatus.DRAFT.value, _stamp(cutoff, postgres), MAX_WINDOW_OFFERS + 1]
    rows: list[dict[str, object]] = await connections.get("default").execute_query_dict(sql, params)
    return rows


_FACT_COLUMNS = (
    "id, seq, type, diploma_level, domain_id, administration_id, region_code,"
    " department_code, country_code, expires_on, updated_at, published_at, latitude,"
    " longitude, search_title, search_body"
)


async def _offer_rows(ids: Sequence[int]) -> list[dict[str, object]]:
    postgres = _dialect() == "postgres"
    rows: list[dict[str, object]] = []
    connection = connections.get("default")
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        if postgres:
            sql = f"SELECT {_FACT_COLUMNS} FROM offer WHERE id = ANY($1::int[])"
            rows += await connection.execute_query_dict(sql, [chunk])
        else:
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {_FACT_COLUMNS} FROM offer WHERE id IN ({marks})"
            rows += await connection.execute_query_dict(sql, chunk)
    return rows


def _term_number(term: str) -> int:
    number = _TERM_NUMBERS.get(term)
    if number is None:
        number = _TERM_NUMBERS[term] = len(_TERMS)
        _TERMS.append(term)
    return number


def _entry(row: Mapping[str, object]) -> _Entry:
    # The very facts `facts_of` gives the alerts: the same facet values, the same tokens.
    facts = indexed({**row, "seq": row["seq"] or 0})
    tokens = index_words(f"{row['search_title']} {row['search_body']}").split()
    return _Entry(
        offer_id=int(row["id"]),  # type: ignore[call-overload]
        updated=micros(_moment(row["updated_at"])),
        published=micros(_moment(row["published_at"])),
        values=facts.values,
        terms=array("I", (_term_number(t) for t in tokens)),
        latitude=facts.latitude,
        longitude=facts.longitude,
    )


def _build(
    listed: list[dict[str, object]], new_rows: list[dict[str, object]], days: float
) -> _Window:
    """In a worker thread: tokenises the new offers, then indexes the whole window."""
    for row in new_rows:
        entry = _entry(row)
        _entries[entry.offer_id] = entry
    kept = {int(r["id"]) for r in listed}  # type: ignore[call-overload]
    for gone in [i for i in _entries if i not in kept]:
        del _entries[gone]
    entries = [_entries[int(r["id"])] for r in listed]  # type: ignore[call-overload]
    by_value: dict[Facet, dict[str, list[int]]] = {facet: {} for facet in FACETS}
    by_term: dict[int, list[int]] = {}
    for position, entry in enumerate(entries):
        for facet, value in entry.values.items():
            if value is not None:
                by_value[facet].setdefault(value, []).append(position)
        for term in set(entry.terms):
            by_term.setdefault(term, []).append(position)
    return _Window(
        entries=entries,
        terms=_TERMS,
        all=BitMap(range(len(entries))),
        by_value={
            facet: {value: BitMap(members) for value, members in values.items()}
            for facet, values in by_value.items()
        },
        by_term={term: BitMap(members) for term, members in by_term.items()},
        days=days,
        loaded_at=time.monotonic(),
    )


def _unchanged(window: _Window, listed: Iterable[dict[str, object]]) -> bool:
    listed = list(listed)
    if len(listed) != len(window.entries):
        return False
    return all(
        e.offer_id == r["id"] and e.updated == micros(_moment(r["updated_at"]))
        for e, r in zip(window.entries, listed, strict=True)
    )


async def _current_window() -> _Window:
    global _window, _lock
    window = _window
    if window is not None and time.monotonic() - window.loaded_at < TTL_SECONDS:
        return window
    if _lock is None:
        _lock = asyncio.Lock()
    async with _lock:
        window = _window
        if window is not None and time.monotonic() - window.loaded_at < TTL_SECONDS:
            return window  # another request refreshed it while this one waited
        moment = now()
        listed = await _window_rows(moment - timedelta(days=WINDOW_DAYS))
        days = float(WINDOW_DAYS)
        if len(listed) > MAX_WINDOW_OFFERS:
            del listed[MAX_WINDOW_OFFERS:]
            oldest = _moment(listed[-1]["published_at"])
            days = max((moment - oldest) / timedelta(days=1), 1.0)
        if window is not None and days == window.days and _unchanged(window, listed):
            window.loaded_at = time.monotonic()
            return window
        new_ids = [
            int(r["id"])  # type: ignore[call-overload]
            for r in listed
            if (e := _entries.get(int(r["id"]))) is None  # type: ignore[call-overload]
            or e.updated != micros(_moment(r["updated_at"]))
        ]
        new_rows = await _offer_rows(new_ids)
        # An offer changed between the two reads is taken as the second read saw it.
        changed = {int(r["id"]): r for r in new_rows}  # type: ignore[call-overload]
        listed = [changed.get(int(r["id"]), r) for r in listed]  # type: ignore[call-overload]
        # Tokenising is most of a first load (~0.2 ms an offer): off the event loop.
        _window = await anyio.to_thread.run_sync(_build, listed, new_rows, days)
        return _window


async def alert_preview(criteria: SearchCriteria) -> AlertPreview:
    """How many offers of the last 90 days the criteria's alert would have mailed, and the
    weekly rate that makes."""
    window = await _current_window()
    found = window.count(criteria)
    per_week = found / (window.days / 7)
    if window.days < WINDOW_DAYS:
        found = round(per_week * WINDOW_DAYS / 7)
    return AlertPreview(last_ninety_days=found, per_week=per_week)


async def expected_per_week(criteria: SearchCriteria) -> float:
    """Matches over the last 90 days ÷ (90 / 7)."""
    return (await alert_preview(criteria)).per_week


def pace_in_words(per_week: float) -> str:
    """The rate as the site says it, a sentence's end in lower case: « environ 12 offres par
    semaine », « environ 1 offre par semaine », « moins d'une offre par semaine », and
    « aucune offre ces 90 derniers jours » when nothing matched (« moins d'une » would hide
    that the search, as it is, finds nothing)."""
    if per_week <= 0:
        return f"aucune offre ces {WINDOW_DAYS} derniers jours"
    if per_week < 1:
        return "moins d'une offre par semaine"
    rounded = int(per_week + 0.5)  # half up: 2.5 a week reads « environ 3 »
    if rounded == 1:
        return "environ 1 offre par semaine"
    return f"environ {rounded:,} offres par semaine".replace(",", "\u202f")


def pace_sentence(per_week: float, lead: str = "") -> str:
    """The rate in a sentence saying where it comes from: « Environ 3 offres par semaine,
    d'après les offres publiées ces 90 derniers jours. »; after `lead` (« Avec une alerte : »)
    if given."""
    words = pace_in_words(per_week)
    if per_week > 0:
        words += f", d'après les offres publiées ces {WINDOW_DAYS} derniers jours"
    if lead:
        return f"{lead} {words}."
    return f"{words[0].upper()}{words[1:]}."
