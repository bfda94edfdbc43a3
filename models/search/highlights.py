"""The words of an offer that matched the keywords, marked for display.

A word is marked when it is found as the search finds it: folded and stemmed as
models.search.text does, so « ingénieurs » marks « Ingénieur ». Each word of a quoted phrase
is marked where it appears (except stop words), which may mark a little more than the phrase.
The result is HTML: the offer's text escaped whole, and only `<mark>` … `</mark>` added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
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


def _matches(text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the words of `text` whose folded stems are searched for."""
    return [
        (m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if any(stem(w) in stems for w in words(m.group()))
    ]


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


def _extract(text: str, spans: list[tuple[int, int]]) -> str:
    """A window of about EXTRACT_LENGTH characters around the first match, cut at spaces,
    with an ellipsis where the text goes on."""
    first_left, first_right = spans[0]
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
    return (
        (ELLIPSIS if start > 0 else "")
        + marked(text, spans, start, end).strip()
        + (ELLIPSIS if end < len(text) else "")
    )


def highlight_offer(offer: Offer, query: KeywordQuery) -> Highlights | None:
    """The offer's title and an extract of its body with the query's words marked; None
    without keywords."""
    if not query:
        return None
    stems = _stems(query)
    title = marked(offer.title, _matches(offer.title, stems))
    for name in _BODY_FIELDS:
        html = getattr(offer, name)
        if not html:
            continue
        text = " ".join(html_to_text(html).split())
        spans = _matches(text, stems)
        if spans:
            return Highlights(title, _extract(text, spans))
    for text in (offer.service, offer.workplace, offer.city):
        spans = _matches(text, stems)
        if spans:
            return Highlights(title, _extract(text, spans))
    return Highlights(title, None)
