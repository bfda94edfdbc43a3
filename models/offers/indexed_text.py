"""The words an offer is found by: every word a candidate reads on its card or its page.

Its title, its rich texts, its service and place, and the labels its codes stand for — type,
diploma level (with the « bac+N » it covers), domain, administration, department, region and
country — then the synonyms and abbreviations of models.search.synonyms. The result is the
offer's `search_title` and `search_body`, folded words from which both engines build their
full-text index and alerts match; migration 0011 recomputes them for stored offers.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.reference import geography
from models.reference.catalogue import OfferType, diploma_level
from models.search.synonyms import synonym_words
from models.search.text import html_to_text, words

__all__ = ["RICH_TEXT_FIELDS", "SEARCHED_COLUMNS", "indexed_text"]

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


def indexed_text(
    columns: Mapping[str, object], *, domain: str, administration: str
) -> tuple[str, str]:
    """(search_title, search_body) of an offer, from its SEARCHED_COLUMNS (rich texts as
    stored, sanitised HTML) and the labels of its domain and administration."""
    title = str(columns["title"])
    parts = [html_to_text(str(columns[name])) for name in RICH_TEXT_FIELDS]
    parts += [str(columns[name]) for name in ("service", "workplace", "city")]
    parts += [OfferType(str(columns["type"])).label, domain, administration]
    level = diploma_level(str(columns["diploma_level"]))
    if level is not None:
        parts.append(level.label)
    parts += _place_names(columns)
    body = "\n".join(p for p in parts if p)
    title_words = [*words(title), *synonym_words(title)]
    body_words = [*words(body), *(level.bac_words if level else ()), *synonym_words(body)]
    return " ".join(title_words), " ".join(body_words)
