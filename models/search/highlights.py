"""The words of an offer that matched the keywords, marked for display.

A word is marked when it is found as the search finds it: folded and stemmed as
models.search.text does, so « ingénieurs » marks « Ingénieur ». Each word of a quoted phrase
is marked where it appears (except stop words), which may mark a little more than the phrase.
The result is HTML: the offer's text escaped whole, and only `<mark>` … `</mark>` added.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from models.offers.tables import Offer
from models.search.text import KeywordQuery, html_to_text, stem, stop_words, words

__all__ = ["EXTRACT_LENGTH", "Highlights", "highlight_offer", "marked"]

# About this many characters of text around the first match in the body.
EXTRACT_LENGTH = 200
ELLIPSIS = "…"
# Letters and digits, in the offer's own spelling: what a candidate sees as a word.
_TOKEN = re.compile(r"[^\W_]+")
# The body's fields, in the order a candidate reads them on the offer's page.
_BODY_FIELDS = (
    "post_description",
    "profile",
    "employer_description",
    "additional_information",
    "comments",
)


@dataclass(frozen=True, slots=True)
class Highlights:
    title: str  # escaped HTML, matches in <mark>
    extract: str | None  # escaped HTML around the body's first match; None if none there


def _stems(query: KeywordQuery) -> frozenset[str]:
    stops = stop_words()
    wanted = [*query.words, *(w for phrase in query.phrases for w in phrase if w not in stops)]
    return frozenset(stem(w) for w in wanted)


@lru_cache(maxsize=100_000)
def _token_stems(token: str) -> frozenset[str]:
    """The stems of a word as written (« l'Œuvre » has two): offers repeat their words, so
    each spelling is folded and stemmed once."""
    return frozenset(stem(w) for w in words(token))


def _matches(text: str, stems: frozenset[str], start: int = 0) -> Iterator[tuple[int, int]]:
    """Spans of the words of `text`, from `start`, whose stems are searched for."""
    for found in _TOKEN.finditer(text, start):
        if not stems.isdisjoint(_token_stems(found.group())):
            yield found.span()


def marked(
    text: str, spans: Iterable[tuple[int, int]], start: int = 0, end: int | None = None
) -> str:
    """`text[start:end]` escaped, with the spans inside it in <mark>."""
    end = len(text) if end is None else end
    parts: list[str] = []
    position = start
    for left, right in spans:
        if right <= start or left >= end:
            continue
        left, right = max(left, start), min(right, end)
        parts.append(escape(text[position:left]))
        parts.append(f"<mark>{escape(text[left:right])}</mark>")
        position = right
    parts.append(escape(text[position:end]))
    return "".join(parts)


def _extract(text: str, first: tuple[int, int], stems: frozenset[str]) -> str:
    """A window of about EXTRACT_LENGTH characters around the first match, cut at spaces,
    with an ellipsis where the text goes on."""
    first_left, first_right = first
    room = max(0, EXTRACT_LENGTH - (first_right - first_left))
    start = max(0, first_left - room // 3)
    end = min(len(text), start + EXTRACT_LENGTH)
    start = max(0, min(start, end - EXTRACT_LENGTH))
    if start > 0:
        space = text.find(" ", start, first_left)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", first_right, end)
        end = space if space != -1 else end
    spans = itertools.takewhile(lambda span: span[0] < end, _matches(text, stems, start))
    return (
        (ELLIPSIS if start > 0 else "")
        + marked(text, spans, start, end).strip()
        + (ELLIPSIS if end < len(text) else "")
    )


# Each shown offer's texts without markup, per row object: the search hands out the same row
# object until the offer changes (models.search.facet_index keeps them), so a page's texts are
# parsed once, not on every request. Bounded like the index's rows.
_MAX_TEXTS = 4_096
_texts: OrderedDict[int, tuple[Offer, tuple[str, ...]]] = OrderedDict()


def _body_texts(offer: Offer) -> tuple[str, ...]:
    key = id(offer)
    found = _texts.get(key)
    if found is not None and found[0] is offer:
        _texts.move_to_end(key)
        return found[1]
    rich = [" ".join(html_to_text(getattr(offer, name)).split()) for name in _BODY_FIELDS]
    texts = (*rich, offer.service, offer.workplace, offer.city)
    _texts[key] = (offer, texts)
    if len(_texts) > _MAX_TEXTS:
        _texts.popitem(last=False)
    return texts


def highlight_offer(offer: Offer, query: KeywordQuery) -> Highlights | None:
    """The offer's title and an extract of its body with the query's words marked; None
    without keywords."""
    if not query:
        return None
    stems = _stems(query)
    title = marked(offer.title, _matches(offer.title, stems))
    for text in _body_texts(offer):
        first = next(_matches(text, stems), None)
        if first is not None:
            return Highlights(title, _extract(text, first, stems))
    return Highlights(title, None)
