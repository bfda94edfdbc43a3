"""The words of an offer that matched the keywords, marked for display.

A word is marked when it is found as the search finds it: folded and stemmed as
models.search.text does, so « ingénieurs » marks « Ingénieur ». Each word of a quoted phrase
is marked where it appears (except stop words), which may mark a little more than the phrase.
The synonyms an offer was indexed with are marked too: « RH » marks « ressources humaines ».
The result is HTML: the offer's text escaped whole, and only `<mark>` … `</mark>` added.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

from models.offers.tables import Offer
from models.search.synonyms import synonym_stems
from models.search.text import BLOCK_TAGS, KeywordQuery, stem, stop_words, words

__all__ = ["EXTRACT_LENGTH", "Highlights", "highlight_offer", "marked", "plain_text"]

# About this many characters of text around the first match in the body.
EXTRACT_LENGTH = 200
ELLIPSIS = "…"
# Letters and digits, in the offer's own spelling: what a candidate sees as a word.
_TOKEN = re.compile(r"[^\W_]+")
# A tag of sanitised HTML (models.offers.sanitize: nh3 quotes every attribute value with ",
# and escapes < and > in text), and those that separate words.
_TAG = re.compile(r'<(/?)([a-z0-9]+)(?:[^>"]|"[^"]*")*>')
_BLOCKS = frozenset({"p", "br", "li", "ul", "ol", "h3", "h4", "h5"})
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


def _tag_gap(tag: re.Match[str]) -> str:
    return " " if not tag.group(1) and tag.group(2) in BLOCK_TAGS else ""


def plain_text(html: str) -> str:
    """The text of a sanitised rich-text field, on one line: what html_to_text gives, with
    its lines joined, at a twentieth of its cost (no parser: the sanitiser's output is
    regular). A page's offers are read on the first request that shows them."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    # As html_to_text (whose words the search indexes): a block's start separates words.
    text = _TAG.sub(
        lambda tag: " " if not tag.group(1) and tag.group(2) in BLOCK_TAGS else "", html
    )
    return " ".join(unescape(text).split())


@lru_cache(maxsize=1_024)
def _stems(query: KeywordQuery) -> frozenset[str]:
    """The stems to mark: the query's, and those of the synonyms the index gave the offers it
    finds (models.search.synonyms), so an offer found through a synonym shows why."""
    stops = stop_words()
    wanted = [stem(w) for w in query.words]
    runs = [wanted, *([stem(w) for w in phrase if w not in stops] for phrase in query.phrases)]
    return frozenset(wanted).union(*runs, *map(synonym_stems, runs))


@lru_cache(maxsize=100_000)
def _token_stems(token: str) -> frozenset[str]:
    """The stems of a word as written (« l'Œuvre » has two): offers repeat their words, so
    each spelling is folded and stemmed once."""
    return frozenset(stem(w) for w in words(token))


@dataclass(frozen=True, slots=True)
class _Text:
    text: str
    # The stems of each of its words, in order: what matches are looked for in.
    stems: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls(text, tuple(map(_token_stems, _TOKEN.findall(text))))

    def first_match(self, wanted: frozenset[str]) -> tuple[int, int] | None:
        """The number of the first matching word, and where it starts; None if none."""
        # The scan runs in C (map, list.index): a page's offers are looked through on every
        # request; the rest of the work is only for the few words shown.
        misses = list(map(wanted.isdisjoint, self.stems))
        try:
            number = misses.index(False)
        except ValueError:
            return None
        return number, next(itertools.islice(_TOKEN.finditer(self.text), number, None)).start()

    def matches(
        self, wanted: frozenset[str], number: int = 0, position: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int]]:
        """Spans of the matching words from word `number`, which starts at `position`, to
        the character `end`."""
        end = len(self.text) if end is None else end
        for found, stems in zip(
            _TOKEN.finditer(self.text, position), self.stems[number:], strict=True
        ):
            if found.start() >= end:
                return
            if not wanted.isdisjoint(stems):
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


def _extract(body: _Text, wanted: frozenset[str], number: int, position: int) -> str:
    """A window of about EXTRACT_LENGTH characters around the first match (word `number`, at
    `position`), cut at spaces, with an ellipsis where the text goes on."""
    text = body.text
    first_left = position
    first_right = _TOKEN.match(text, position).end()  # type: ignore[union-attr]
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
    spans = body.matches(wanted, number, position, end)  # none before the first
    return (
        (ELLIPSIS if start > 0 else "")
        + marked(text, spans, start, end).strip()
        + (ELLIPSIS if end < len(text) else "")
    )


# The fields an extract may come from, in the order a candidate reads them.
_FIELDS = (*_BODY_FIELDS, "service", "workplace", "city")


class _OfferTexts:
    """An offer's title and, as they are first needed, its fields' texts without markup."""

    __slots__ = ("body", "offer", "title")

    def __init__(self, offer: Offer) -> None:
        self.offer = offer
        self.title = _Text.of(offer.title)
        self.body: list[_Text | None] = [None] * len(_FIELDS)

    def field(self, number: int) -> _Text:
        text = self.body[number]
        if text is None:
            name = _FIELDS[number]
            raw: str = getattr(self.offer, name)
            text = _Text.of(plain_text(raw) if name in _BODY_FIELDS else raw)
            self.body[number] = text
        return text


# Per row object: the search hands out the same row object until the offer changes
# (models.search.facet_index keeps them), so a page's texts are read once, not on every
# request. Bounded like the index's rows.
_MAX_TEXTS = 4_096
_texts: OrderedDict[int, _OfferTexts] = OrderedDict()


def _offer_texts(offer: Offer) -> _OfferTexts:
    key = id(offer)
    found = _texts.get(key)
    if found is not None and found.offer is offer:
        _texts.move_to_end(key)
        return found
    found = _texts[key] = _OfferTexts(offer)
    if len(_texts) > _MAX_TEXTS:
        _texts.popitem(last=False)
    return found


def highlight_offer(offer: Offer, query: KeywordQuery) -> Highlights | None:
    """The offer's title and an extract of its body with the query's words marked; None
    without keywords."""
    if not query:
        return None
    wanted = _stems(query)
    texts = _offer_texts(offer)
    title = marked(texts.title.text, texts.title.matches(wanted))
    for number in range(len(_FIELDS)):
        text = texts.field(number)
        first = text.first_match(wanted)
        if first is not None:
            return Highlights(title, _extract(text, wanted, *first))
    return Highlights(title, None)
