"""The criteria of a results page as tags above the offers, each removable in one press.

Each tag is a button that names what it removes (« Retirer le filtre Région : Grand Est »,
whose visible text « Région : Grand Est » it contains, as the accessible name must) and opens
the same search without that value. Plain HTML with one delegated click handler: the browser
navigates without asking the server, and the page keeps no element per tag."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from html import escape
from typing import Any

from nicegui import ui

from models.reference import OfferType, Vocabulary, commune
from models.search import FACET_LABELS, Facet, SearchCriteria
from ui.place_field import commune_label
from ui.shared_css import shared_css

__all__ = ["SearchTag", "search_tags", "show_search_tags"]

# The multiple-choice facets, in the order of the form.
_LISTS = (Facet.DOMAINS, Facet.ADMINISTRATIONS, Facet.REGIONS, Facet.DEPARTMENTS, Facet.COUNTRIES)


class SearchTag:
    def __init__(self, label: str, without: SearchCriteria) -> None:
        self.label = label  # « Région : Grand Est »
        self.without = without  # the same criteria without this value


def search_tags(criteria: SearchCriteria, words: Vocabulary) -> Iterator[SearchTag]:
    if criteria.keywords:
        yield SearchTag(f"Mots-clés : {criteria.keywords}", criteria.without_keywords())
    for offer_type in OfferType:
        if offer_type in criteria.types:
            yield SearchTag(
                f"{FACET_LABELS[Facet.TYPES]} : {offer_type.label}",
                replace(criteria, types=criteria.types - {offer_type}),
            )
    for n, near in enumerate(criteria.near):
        found = commune(near.commune_code)
        name = commune_label(found) if found else near.name or near.commune_code
        yield SearchTag(
            f"Lieu : {name}, {near.radius_km} km",
            replace(criteria, near=criteria.near[:n] + criteria.near[n + 1 :]),
        )
    if criteria.diploma_level:
        level = words.diploma_levels.get(criteria.diploma_level, criteria.diploma_level)
        yield SearchTag(
            f"{FACET_LABELS[Facet.DIPLOMA_LEVELS]} : {level}",
            replace(criteria, diploma_level=None),
        )
    for facet in _LISTS:
        labels = words.of(facet.value)
        chosen: frozenset[str] = getattr(criteria, facet.value)
        for value in sorted(chosen, key=lambda v: labels.get(v, v)):
            changes: dict[str, Any] = {facet.value: chosen - {value}}
            yield SearchTag(
                f"{FACET_LABELS[facet]} : {labels.get(value, value)}",
                replace(criteria, **changes),
            )


def _tag(tag: SearchTag, url: str) -> str:
    label = escape(tag.label)
    return (
        f'<li><button type="button" class="pass-tag" data-href="{escape(url)}" '
        f'aria-label="Retirer le filtre {label}">{label}</button></li>'
    )


_CSS = """
.pass-tags { display: flex; flex-wrap: wrap; gap: .5rem; }
.pass-tag {
  display: inline-flex; align-items: center; gap: .25rem; min-height: 2rem;
  padding: .25rem .5rem .25rem .75rem; border-radius: 1rem; font-size: .875rem;
  color: var(--pass-blue, #000091); background: #e3e3fd; text-align: left;
}
.pass-tag:hover { background: #c1c1fb; }
/* Drawn, not written: the cross is no part of the tag's text (« / "" »: nor of its name). */
.pass-tag::after { content: "\\2715" / ""; font-size: .75rem; margin-left: .25rem; }
"""


def show_search_tags(
    criteria: SearchCriteria, words: Vocabulary, url_of: Callable[[SearchCriteria], str]
) -> None:
    """The tags of `criteria`, each opening `url_of` its criteria without it (nothing shown
    for a search without criteria)."""
    tags = list(search_tags(criteria, words))
    if not tags:
        return
    shared_css(_CSS)
    items = "".join(_tag(tag, url_of(tag.without)) for tag in tags)
    ui.html(
        f'<ul class="pass-tags" aria-label="Critères de la recherche">{items}</ul>',
        sanitize=False,
    ).classes("w-full mt-3").on(
        "click",
        js_handler="(e) => { const b = e.target.closest('button[data-href]'); "
        "if (b) window.location.href = b.dataset.href; }",
    )
