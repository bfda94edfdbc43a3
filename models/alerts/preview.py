"""How many mails an alert would bring: « environ N offres par semaine », before it is on.

The rate is what the last 90 days' publications say: every offer published since then that is
not a draft — archived and expired ones included, they were published then — matched against
the criteria with the alerts' own predicate (`models.alerts.matching.matches`), divided by the
weeks of the window. The facet index holds only the live offers, so it cannot answer this.

Each process keeps the window's offers in memory for `TTL_SECONDS`: their facts (facet values,
the token stream `facts_of` reads, the position) once per offer and change, kept across
refreshes, so that a refresh reads one compact list of (id, last change) and tokenises only
what is new (on SQLite a published offer's tokens come from its FTS5 row, where
`index_offer_text` stored the same `index_words`). Counting uses, per facet value and per word,
the bitmap of the window's offers that have it: the predicate's facet and word tests in set
form. Places are the search's own index of positions (models.search.near_index), whose
circles make the test of the alerts' `near_match`; phrases, which need the token order, are
checked by the alerts' compiled keywords on what is left.
tests/alerts/test_preview.py holds the count to `matches` over every row.
"""

from __future__ import annotations

import asyncio
import math
import time
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
import orjson
from pyroaring import BitMap
from tortoise import connections

from models.alerts.matching import OfferFacts, compile_keywords
from models.clock import now
from models.errors import ErrorCode, UserErrors
from models.offers.tables import OfferStatus
from models.search.criteria import FACETS, Facet, Near, SearchCriteria
from models.search.near_index import PlaceIndex
from models.search.published_offers import indexed
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
    # Its last change as the engine gave it (text on SQLite): a different one is a change.
    updated: object
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
    # Where the window's offers are (by position in `entries`): the search's own index of
    # places, whose circles make the very test the alerts' `near_match` makes.
    places: PlaceIndex
    # The days the window spans (WINDOW_DAYS unless it was cut at MAX_WINDOW_OFFERS).
    days: float
    loaded_at: float
    counts: dict[SearchCriteria, int] = field(default_factory=dict)

    def _near(self, candidates: BitMap, places: tuple[Near, ...]) -> BitMap:
        """The candidates within reach of every place (`near_match` in set form)."""
        for place in places:
            candidates = candidates & self.places.within(
                place.latitude, place.longitude, place.radius_km
            )
        return candidates

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
        compiled = compile_keywords(query) if query else None
        if compiled is not None:
            for stem in compiled.stems:
                term = _TERM_NUMBERS.get(stem)
                bitmap = self.by_term.get(term) if term is not None else None
                candidates = candidates & (bitmap if bitmap is not None else BitMap())
        # What the bitmaps leave to check (the alerts' `matches` in set form up to here):
        # places by position, then phrases in the words' order.
        if criteria.near:
            candidates = self._near(candidates, criteria.near)
        if compiled is not None and compiled.runs:
            found = sum(1 for p in candidates if compiled.matches(self.facts(p)))
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
# Counts the forgettings: a load under way when the database changed must not install a
# window of the previous one.
_generation = 0


def forget_alert_preview() -> None:
    """Drops the window (another database, or tests that change offers)."""
    global _window, _lock, _generation
    _window = None
    _lock = None
    _generation += 1
    _entries.clear()
    _VALUES.clear()
    _TERM_NUMBERS.clear()
    _TERMS.clear()


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class _Listed:
    """The window's offers as one compact read: ids, and each one's last change as the engine
    hands it back (text on SQLite), compared with the kept entries' and never parsed."""

    ids: list[int]
    updated: list[object]
    published: list[object]


async def _listed(cutoff: datetime) -> _Listed:
    """The window's offers, the newest MAX_WINDOW_OFFERS + 1 at most, in one row whose columns
    are arrays (parsed in C), not a row each: this runs at every refresh."""
    connection = connections.get("default")
    inner = (
        "SELECT id, updated_at, published_at FROM offer WHERE status <> {0} AND"
        " published_at >= {1} ORDER BY published_at DESC, id DESC LIMIT {2}"
    )
    if _dialect() == "postgres":
        sql = (
            "SELECT array_agg(id), array_agg(updated_at), array_agg(published_at) FROM ("
            + inner.format("$1", "$2", "$3")
            + ") AS w"
        )
        params: list[object] = [OfferStatus.DRAFT.value, cutoff, MAX_WINDOW_OFFERS + 1]
        _, rows = await connection.execute_query(sql, params)
        ids, updated, published = (list(column or ()) for column in rows[0])
    else:
        sql = (
            "SELECT json_group_array(id), json_group_array(updated_at),"
            " json_group_array(published_at) FROM (" + inner.format("?", "?", "?") + ")"
        )
        # SQLite compares the text Tortoise stored: the same spelling, to the microsecond.
        stamp = cutoff.isoformat(" ", "microseconds")
        _, rows = await connection.execute_query(
            sql, [OfferStatus.DRAFT.value, stamp, MAX_WINDOW_OFFERS + 1]
        )
        ids, updated, published = (orjson.loads(str(column)) for column in rows[0])
    return _Listed([int(i) for i in ids], updated, published)


_FACT_COLUMNS = (
    "o.id, o.seq, o.type, o.diploma_level, o.domain_id, o.administration_id, o.region_code,"
    " o.department_code, o.country_code, o.expires_on, o.updated_at, o.latitude, o.longitude"
)


async def _offer_rows(ids: Sequence[int]) -> list[dict[str, object]]:
    """The facts of these offers, and their text: on SQLite, a published offer's FTS5 row
    already holds its token stream (`index_offer_text` stores `index_words` of the same title
    and body), which saves tokenising it again; others come with their text."""
    connection = connections.get("default")
    if _dialect() == "postgres":
        sql = (
            f"SELECT {_FACT_COLUMNS}, o.search_title, o.search_body, NULL AS tokens"
            " FROM offer AS o WHERE o.id = ANY($1::int[])"
        )
        rows: list[dict[str, object]] = await connection.execute_query_dict(sql, [list(ids)])
        return rows
    marks = ", ".join("?" * len(ids))
    sql = (
        f"SELECT {_FACT_COLUMNS}, CASE WHEN f.body IS NULL THEN o.search_title END AS"
        " search_title, CASE WHEN f.body IS NULL THEN o.search_body END AS search_body,"
        " f.body AS tokens FROM offer AS o LEFT JOIN offer_fts AS f"
        f" ON o.status = ? AND f.rowid = o.seq WHERE o.id IN ({marks})"
    )
    found: list[dict[str, object]] = await connection.execute_query_dict(
        sql, [OfferStatus.PUBLISHED.value, *ids]
    )
    return found


def _term_number(term: str) -> int:
    number = _TERM_NUMBERS.get(term)
    if number is None:
        number = _TERM_NUMBERS[term] = len(_TERMS)
        _TERMS.append(term)
    return number


# Facet values shared by the offers that have the same ones (most have a twin: a few types,
# levels, domains and places), rather than a dict each.
_VALUES: dict[tuple[str | None, ...], dict[Facet, str | None]] = {}


def _entry(row: Mapping[str, object]) -> _Entry:
    # The very facts `facts_of` gives the alerts: the same facet values, the same tokens.
    facts = indexed({**row, "seq": row["seq"] or 0})
    values = _VALUES.setdefault(tuple(facts.values.values()), facts.values)
    tokens = row["tokens"]
    if tokens is None:
        tokens = index_words(f"{row['search_title']} {row['search_body']}")
    known = _TERM_NUMBERS.get
    return _Entry(
        offer_id=int(row["id"]),  # type: ignore[call-overload]
        updated=row["updated_at"],
        values=values,
        terms=array(
            "I",
            [
                number if (number := known(t)) is not None else _term_number(t)
                for t in str(tokens).split()
            ],
        ),
        latitude=facts.latitude,
        longitude=facts.longitude,
    )


def _entries_of(rows: list[dict[str, object]]) -> list[_Entry]:
    return [_entry(row) for row in rows]


def _indexed(entries: list[_Entry], days: float) -> _Window:
    """Per facet value and per term, the bitmap of the window's offers (positions)."""
    by_value: dict[Facet, dict[str, array[int]]] = {facet: {} for facet in FACETS}
    # Arrays, not lists: a list keeps an int object (28 bytes) per offer and term, millions
    # of them at 100k offers.
    by_term: dict[int, array[int]] = {}
    for position, entry in enumerate(entries):
        for facet, value in entry.values.items():
            if value is not None:
                by_value[facet].setdefault(value, array("I")).append(position)
        for term in set(entry.terms):
            members = by_term.get(term)
            if members is None:
                members = by_term[term] = array("I")
            members.append(position)
    places = PlaceIndex()
    places.load(
        range(len(entries)),
        (math.nan if e.latitude is None or e.longitude is None else e.latitude for e in entries),
        (math.nan if e.latitude is None or e.longitude is None else e.longitude for e in entries),
    )
    return _Window(
        entries=entries,
        terms=_TERMS,
        places=places,
        all=BitMap(range(len(entries))),
        by_value={
            facet: {value: BitMap(members) for value, members in values.items()}
            for facet, values in by_value.items()
        },
        by_term={term: BitMap(members) for term, members in by_term.items()},
        days=days,
        loaded_at=time.monotonic(),
    )


def _fresh(window: _Window | None) -> bool:
    return window is not None and time.monotonic() - window.loaded_at < TTL_SECONDS


async def _current_window() -> _Window:
    global _window, _lock
    if _fresh(_window):
        return _window  # type: ignore[return-value]
    if _lock is None:
        _lock = asyncio.Lock()
    async with _lock:
        window = _window
        if _fresh(window):
            return window  # type: ignore[return-value]  # refreshed while this one waited
        generation = _generation
        moment = now()
        listed = await _listed(moment - timedelta(days=WINDOW_DAYS))
        days = float(WINDOW_DAYS)
        if len(listed.ids) > MAX_WINDOW_OFFERS:
            del listed.ids[MAX_WINDOW_OFFERS:], listed.updated[MAX_WINDOW_OFFERS:]
            oldest = min(_moment(p) for p in listed.published[:MAX_WINDOW_OFFERS])
            days = max((moment - oldest) / timedelta(days=1), 1.0)
        changed = [
            offer_id
            for offer_id, updated in zip(listed.ids, listed.updated, strict=True)
            if (kept := _entries.get(offer_id)) is None or kept.updated != updated
        ]
        if (
            window is not None
            and not changed
            and days == window.days
            and len(window.entries) == len(listed.ids)
        ):
            window.loaded_at = time.monotonic()  # the same offers, unchanged
            return window
        # Read and tokenised by chunks, off the event loop (~0.15 ms an offer to tokenise):
        # a first load never holds more than one chunk's texts.
        for start in range(0, len(changed), _CHUNK):
            rows = await _offer_rows(changed[start : start + _CHUNK])
            for entry in await anyio.to_thread.run_sync(_entries_of, rows):
                _entries[entry.offer_id] = entry
            if generation != _generation:  # forgotten meanwhile: that database is gone
                raise RuntimeError("the database changed while the alert preview was loading")
        kept_ids = set(listed.ids)
        for gone in [i for i in _entries if i not in kept_ids]:
            del _entries[gone]
        # An offer gone between the two reads (deleted) is left out.
        entries = [e for i in listed.ids if (e := _entries.get(i)) is not None]
        fresh = await anyio.to_thread.run_sync(_indexed, entries, days)
        if generation == _generation:
            _window = fresh
        return fresh


async def alert_preview(criteria: SearchCriteria) -> AlertPreview:
    """How many offers of the last 90 days the criteria's alert would have mailed, and the
    weekly rate that makes. Refuses dated criteria (UserErrors): an alert never holds a date
    (`save_search` refuses them), so no alert would have these criteria."""
    if criteria.has_dates():
        raise UserErrors.one(
            "filter.published_since" if criteria.published_since else "filter.updated_since",
            ErrorCode.INVALID,
            "Une alerte ne retient pas de date de publication ou de mise à jour : elle suit "
            "les nouvelles offres.",
        )
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
