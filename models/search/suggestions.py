"""« Vouliez-vous dire … ? »: for a keyword the catalogue does not hold, its closest word there.

Only ever offered: a search, a saved search or an alert keeps the words it was given. A word
of 5 letters or more may be one edit (a letter added, removed or changed, or two neighbours
swapped: the optimal string alignment distance) away from its suggestion, one of 9 or more
two; among the closest, the most frequent word wins. Suggestions are folded words of offers
(« numerique »), never stems, so that a candidate can read them.

The catalogue's words are counted in the indexed text of the newest published offers (a bounded
sample: at a million offers, reading them all would take minutes for words a candidate would
hardly mistype), once per facet index, and counted again in the background once the index has
changed and the count is older than a few minutes. Nothing is done for a search that finds
offers: every one of its words is then known.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise import connections

from models.search.text import KeywordQuery, parse_keywords, stop_words, words

__all__ = ["CatalogueWords", "catalogue_words", "count_catalogue_words", "suggest_keywords"]

log = logging.getLogger(__name__)

SAMPLE_OFFERS = 20_000
REFRESH_SECONDS = 300.0
# How long a search waits for the first count before answering without a suggestion.
WAIT_SECONDS = 0.2
_BATCH = 1_000
_SHORTEST = 5  # shorter words have too many neighbours one edit away to guess from
_TWO_EDITS_FROM = 9
_RAW_WORD = re.compile(r"[^\W_]+")
# Unknown words looked at per search: more is not a typo but another language, or noise, and
# each costs a search of the word list.
_MOST_UNKNOWN = 4


@dataclass(frozen=True, slots=True)
class CatalogueWords:
    counts: dict[str, int]
    by_length: dict[int, list[str]]

    @classmethod
    def of(cls, counts: Counter[str]) -> CatalogueWords:
        stops = stop_words()
        kept = {w: n for w, n in counts.items() if w.isalpha() and w not in stops}
        by_length: dict[int, list[str]] = {}
        for word in kept:
            by_length.setdefault(len(word), []).append(word)
        return cls(kept, by_length)

    def closest(self, word: str) -> str | None:
        """The most frequent word within the edits allowed for `word`, or None."""
        if len(word) < _SHORTEST or not word.isalpha():
            return None
        from rapidfuzz import process  # loaded on first use: a web process starts without it
        from rapidfuzz.distance import OSA

        edits = 2 if len(word) >= _TWO_EDITS_FROM else 1
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self.by_length.get(length)
            if not choices:
                continue
            for found, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                key = (int(distance), -self.counts[found], found)
                if found != word and (best is None or key < best):
                    best = key
        return best[2] if best is not None else None


async def _count_words() -> Counter[str]:
    connection = connections.get("default")
    first, second = ("$1", "$2") if connection.capabilities.dialect == "postgres" else ("?", "?")
    sql = (
        "SELECT seq, search_title, search_body FROM offer WHERE status = 'published'"
        f" AND seq < {first} ORDER BY seq DESC LIMIT {second}"
    )
    counts: Counter[str] = Counter()
    below = 2**31 - 1  # above every publication number (a 32-bit column)
    read = 0
    while read < SAMPLE_OFFERS:
        _, rows = await connection.execute_query(sql, [below, _BATCH])
        for _, title, body in rows:
            counts.update(str(title).split())
            counts.update(str(body).split())
        if len(rows) < _BATCH:
            break
        below = int(rows[-1][0])
        read += len(rows)
        await asyncio.sleep(0)  # requests go on between batches: this is background work
    return counts


@dataclass(slots=True)
class _Kept:
    words: CatalogueWords | None
    version: int
    counted_at: float
    task: asyncio.Task[None] | None = None


# Per facet index: a new index (another database, a rebuild) counts its own words.
_kept: weakref.WeakKeyDictionary[object, _Kept] = weakref.WeakKeyDictionary()


def count_catalogue_words(index: object, version: int) -> None:
    """Starts counting the catalogue's words for this index in the background, the first
    time, or again when the index has changed since and the count is old."""
    kept = _kept.get(index)
    if kept is None:
        kept = _kept[index] = _Kept(None, version, 0.0)
    elif kept.version == version or time.monotonic() - kept.counted_at < REFRESH_SECONDS:
        return
    if kept.task is None or kept.task.done():
        kept.task = asyncio.create_task(_count(kept, version))


async def catalogue_words(index: object, version: int) -> CatalogueWords | None:
    """The catalogue's words for this index; None while they are first counted (waited for
    a moment: a small catalogue is counted at once)."""
    count_catalogue_words(index, version)
    kept = _kept[index]
    if kept.words is None and kept.task is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(kept.task), WAIT_SECONDS)
    return kept.words


async def _count(kept: _Kept, version: int) -> None:
    try:
        counts = await _count_words()
    except Exception as error:  # the database went away (shutdown): the old words serve
        log.warning("catalogue words not counted: %r", error)
        kept.version = -1  # counted again on the next need
        return
    kept.words = CatalogueWords.of(counts)
    kept.version = version
    kept.counted_at = time.monotonic()


def _query_words(query: KeywordQuery) -> list[str]:
    stops = stop_words()
    found = [*query.words, *(w for phrase in query.phrases for w in phrase if w not in stops)]
    return list(dict.fromkeys(found))


async def suggest_keywords(
    keywords: str,
    query: KeywordQuery,
    finds: Callable[[KeywordQuery], Awaitable[bool]],
    catalogue: Callable[[], Awaitable[CatalogueWords | None]],
) -> str | None:
    """The keywords with each word that no offer holds replaced by its closest word of the
    catalogue; None when no word was replaced, or when the keywords so changed find no offer
    either (`finds`: whether some offer holds every word of a query)."""
    replaced: dict[str, str] = {}
    unknown = 0
    for word in _query_words(query):
        if await finds(KeywordQuery(words=(word,))):
            continue
        unknown += 1
        if unknown > _MOST_UNKNOWN:
            return None
        known = await catalogue()
        if known is None:
            return None
        closest = known.closest(word)
        if closest is not None and await finds(KeywordQuery(words=(closest,))):
            replaced[word] = closest
    if not replaced:
        return None

    def swap(found: re.Match[str]) -> str:
        folded = words(found.group())
        return replaced.get(folded[0], found.group()) if len(folded) == 1 else found.group()

    suggestion = _RAW_WORD.sub(swap, keywords)
    return suggestion if await finds(parse_keywords(suggestion)) else None
