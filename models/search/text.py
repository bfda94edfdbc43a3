"""Text normalisation shared by indexing and querying, on every database engine.

Both engines see the same folded words: lower case, no accents, split on anything that is not a
letter or a digit. SQLite gets them stemmed here (FTS5 has no French stemmer); PostgreSQL stems
them itself with its French Snowball stemmer. The stop words are PostgreSQL's own French list,
so a word that PostgreSQL drops is dropped here too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import Stemmer

__all__ = [
    "BLOCK_TAGS",
    "MAX_KEYWORD_TERMS",
    "STOP_TOKEN",
    "KeywordQuery",
    "fold",
    "html_to_text",
    "index_words",
    "parse_keywords",
    "stem",
    "words",
]

# Beyond this many distinct words or phrases, further ones are ignored: a search box is not a
# document, and this bounds the work one request can ask of the full-text engine.
MAX_KEYWORD_TERMS = 32
# Stop words keep their place in the SQLite index as this token, so that a quoted phrase skips
# them exactly as PostgreSQL's phrase search does (it keeps their positions as gaps).
STOP_TOKEN = "0stop0"

_WORD = re.compile(r"[a-z0-9]+")
# « bac+3 », « Bac + 3 », « bac +3 » are one word, « bac3 », on both sides of the index: a
# level is found by its number after « bac », not by « bac » and « 3 » anywhere in an offer.
_BAC_PLUS = re.compile(r"\bbac\s*\+\s*(\d+)\b")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_PHRASE = re.compile(r'"([^"]*)"')


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


@cache
def stop_words() -> frozenset[str]:
    path = Path(__file__).with_name("french.stop")
    return frozenset(line.strip() for line in path.read_text("utf-8").splitlines() if line.strip())


@cache
def _without_combining_marks() -> dict[int, None]:
    # Every combining mark lies in the first two planes (the last, U+1E94A, in Unicode 15):
    # str.translate drops them in C, where a test per character in Python took most of the
    # time of indexing an offer.
    return {cp: None for cp in range(0x300, 0x20000) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Numérique" -> "numerique"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return decomposed.translate(_without_combining_marks()).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(_BAC_PLUS.sub(r"bac\1", fold(text)))


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def index_words(text: str) -> str:
    """The stemmed token stream that the SQLite FTS5 table stores."""
    stops = stop_words()
    return " ".join(STOP_TOKEN if w in stops else stem(w) for w in words(text))


# Tags whose start begins a new line of text (their end does not).
BLOCK_TAGS = frozenset({"p", "li", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class KeywordQuery:
    """What a keyword box asks for: every word, and every quoted phrase, must be found.

    Words are folded but not stemmed, and never carry stop words; a phrase keeps its stop words
    (as positions) and has at least one other word.
    """

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def text(self) -> str:
        """A canonical spelling of the query, for display and cache keys."""
        parts = [*self.words, *('"' + " ".join(p) + '"' for p in self.phrases)]
        return " ".join(parts)


def parse_keywords(raw: str) -> KeywordQuery:
    """Reads a keyword box. Anything goes in; only folded words come out, never syntax."""
    stops = stop_words()
    found_words: list[str] = []
    found_phrases: list[tuple[str, ...]] = []
    # An unbalanced quote opens no phrase: its words count as plain words.
    balanced = raw if raw.count('"') % 2 == 0 else raw.replace('"', " ")
    for phrase in _PHRASE.findall(balanced):
        tokens = tuple(words(phrase))
        if len(tokens) == 1:
            found_words.extend(t for t in tokens if t not in stops)
        elif any(t not in stops for t in tokens):
            found_phrases.append(tokens)
    found_words.extend(w for w in words(_PHRASE.sub(" ", balanced)) if w not in stops)
    unique_words = tuple(dict.fromkeys(found_words))
    unique_phrases = tuple(dict.fromkeys(found_phrases))
    budget = MAX_KEYWORD_TERMS
    kept_phrases = unique_phrases[:budget]
    kept_words = unique_words[: max(0, budget - len(kept_phrases))]
    return KeywordQuery(kept_words, kept_phrases)
