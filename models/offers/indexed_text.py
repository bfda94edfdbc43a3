"""The words an offer is found by: every word a candidate reads on its card or its page.

Its title, its rich texts, its service and place, and the labels its codes stand for — type,
diploma level (with the « bac+N » it covers), domain, administration, department, region and
country — then the synonyms and abbreviations of models.search.synonyms. The result is the
offer's `search_title` and `search_body`, folded words from which both engines build their
full-text index and alerts match; migration 0011 recomputes them for stored offers.

Each part (a field, a label) is read on its own: a synonym's phrase never spans two parts,
and the short parts that many offers share (labels, services, cities) are read once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from models.reference import geography
from models.reference.catalogue import OfferType, diploma_level
from models.search.synonyms import synonym_groups, words_of_groups
from models.search.text import html_to_text, words

__all__ = ["RICH_TEXT_FIELDS", "SEARCHED_COLUMNS", "TextPart", "indexed_text", "text_part"]

RICH_TEXT_FIELDS = (
    "employer_description",
    "post_description",
    "profile",
    "additional_information",
    "comments",
)

# The offer's columns its indexed text is made of (besides the labels of its domain and
# administration, which live in their own tables).
SEARCHED_COLUMNS = (
    "type",
    "title",
    *RICH_TEXT_FIELDS,
    "diploma_level",
    "service",
    "workplace",
    "city",
    "department_code",
    "region_code",
    "country_code",
)

# A text's folded words, and the synonym groups it holds.
TextPart = tuple[tuple[str, ...], frozenset[int]]

_SHARED_PART = 300  # characters: parts this short are kept, rich texts are not


def text_part(text: str) -> TextPart:
    if len(text) <= _SHARED_PART:
        return _shared_part(text)
    return _part(text)


@lru_cache(maxsize=4096)
def _shared_part(text: str) -> TextPart:
    return _part(text)


def _part(text: str) -> TextPart:
    found = words(text)
    return tuple(found), synonym_groups(text, found)


def _place_names(columns: Mapping[str, object]) -> list[str]:
    names = []
    department = geography.department(str(columns["department_code"] or ""))
    if department is not None:
        names.append(department.name)
    region = geography.region(str(columns["region_code"] or ""))
    if region is None and department is not None:
        region = geography.region(department.region_code)
    if region is not None:
        names.append(region.name)
    country = geography.country(str(columns["country_code"] or ""))
    if country is not None:
        names.append(country.name)
    return names


def _stream(parts: Sequence[TextPart], extra: Sequence[str] = ()) -> str:
    groups = frozenset[int]().union(*(g for _, g in parts))
    return " ".join([*(w for found, _ in parts for w in found), *extra, *words_of_groups(groups)])


def indexed_text(
    columns: Mapping[str, object],
    *,
    domain: str,
    administration: str,
    rich: Sequence[TextPart] | None = None,
) -> tuple[str, str]:
    """(search_title, search_body) of an offer, from its SEARCHED_COLUMNS (rich texts as
    stored, sanitised HTML) and the labels of its domain and administration; `rich`: the parts
    of its rich texts when the caller has them already (the benchmarks' loader)."""
    if rich is None:
        rich = [text_part(html_to_text(str(columns[name]))) for name in RICH_TEXT_FIELDS]
    labels = [OfferType(str(columns["type"])).label, domain, administration]
    level = diploma_level(str(columns["diploma_level"]))
    if level is not None:
        labels.append(level.label)
    plain = [str(columns[name]) for name in ("service", "workplace", "city")]
    body = [*rich, *(text_part(p) for p in [*plain, *labels, *_place_names(columns)] if p)]
    return _stream([text_part(str(columns["title"]))]), _stream(
        body, level.bac_words if level else ()
    )
