"""A list of offers as cards: what a candidate needs to choose which to open.

The whole list is plain HTML inside one element: a card never changes once shown (new offers
replace the list), and each server-side NiceGUI element costs a few kilobytes for as long as
the page stays open, so a dozen per card made most of an open results page's memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from models.offers import Offer
from models.reference import Vocabulary
from models.search import Highlights
from models.site_paths import offer_path
from ui.formatting import french_date, month_year, place
from ui.offer_star import star_html

__all__ = ["NEW_OFFER_MARK", "distance_text", "offer_cards_html"]

# The classes NiceGUI and Quasar give their card, row, badge and link, so that the cards look
# as they did when built from those elements.
_BADGE = "q-badge flex inline items-center no-wrap q-badge--single-line"
NEW_OFFER_MARK = "pass-new-offer"


def _text(value: str) -> str:
    # Text nodes only need <, > and & escaped; leaving quotes as they are keeps the markup
    # readable and its text searchable as written.
    return escape(value, quote=False)


def distance_text(km: float) -> str:
    """« à 12 km », « à 3,4 km » (a decimal comma below 10 km), « à moins de 1 km »: offers
    stand on their commune's position, so closer than that means nothing. No-break spaces keep
    the number with its unit on a narrow card."""
    if km < 1:
        return "à moins de 1\u00a0km"
    if km < 10:
        return f"à {km:.1f}\u00a0km".replace(".", ",")
    return f"à {km:.0f}\u00a0km"


def _dates(offer: Offer) -> str:
    parts = []
    if offer.contract_start is not None:
        parts.append(f"début : {month_year(offer.contract_start).lower()}")
    if offer.expires_on is not None:
        parts.append(f"candidature avant le {french_date(offer.expires_on)}")
    return " · ".join(parts)


def _card(
    offer: Offer,
    words: Vocabulary,
    new: bool,
    distance: float | None = None,
    marked: Highlights | None = None,
    saved: frozenset[str] | None = None,
) -> str:
    badge_colour = "bg-primary" if offer.type == "apprentissage" else "bg-teal-9"
    new_badge = f'<span class="{_BADGE} bg-red-9 {NEW_OFFER_MARK}">Nouvelle</span>' if new else ""
    details = [
        words.diploma_levels.get(offer.diploma_level, ""),
        words.domains.get(offer.domain_id, ""),  # type: ignore[attr-defined]
        words.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
    ]
    # The highlights are escaped HTML with only <mark> added (models.search.highlights).
    title = marked.title if marked is not None else _text(offer.title)
    extract = (
        f'<p class="text-sm text-gray-800 pass-extract">{marked.extract}</p>'
        if marked is not None and marked.extract
        else ""
    )
    where = _text(place(offer, words))
    if distance is not None:
        where += f' · <span class="font-bold pass-distance">{distance_text(distance)}</span>'
    dates = _dates(offer)
    star = (
        star_html(offer.reference, offer.title, offer.reference in saved)
        if saved is not None
        else ""
    )
    return (
        '<li class="w-full"><div class="q-card nicegui-card pass-card w-full p-4 gap-1">'
        '<div class="nicegui-row row items-center gap-2 flex-wrap">'
        f'<span class="{_BADGE} {badge_colour}">'
        f"{_text(words.types.get(offer.type, offer.type))}</span>{new_badge}"
        f'<span class="text-sm text-gray-700">{_text(offer.reference)}</span>'
        f'<span class="text-sm text-gray-700">publiée le {french_date(offer.published_at)}</span>'
        f"{star}</div>"
        f'<a href="{escape(offer_path(offer.reference))}" '
        f'class="nicegui-link text-lg font-bold pass-brand">{title}</a>'
        f"{extract}"
        f'<div class="text-gray-800">{where}</div>'
        f'<div class="text-sm text-gray-700">{_text(" · ".join(d for d in details if d))}</div>'
        + (f'<div class="text-sm text-gray-700 pass-dates">{_text(dates)}</div>' if dates else "")
        + "</div></li>"
    )


def offer_cards_html(
    offers: list[Offer],
    words: Vocabulary,
    *,
    new_ids: frozenset[int] = frozenset(),
    distances: Sequence[float | None] = (),
    highlights: Sequence[Highlights | None] = (),
    saved: frozenset[str] | None = None,
) -> str:
    """The list, for a `ui.html(..., sanitize=False)`: every text in it is escaped here.
    `new_ids`: offers that appeared while the page was open, marked « Nouvelle »; `distances`
    (km from the first place) and `highlights`, when given, one per offer in order; `saved`,
    when given, the references the candidate saved: each card then has its star (see
    ui.offer_star, whose listener the list's element needs)."""
    cards = "".join(
        _card(
            offer,
            words,
            offer.id in new_ids,
            distances[n] if n < len(distances) else None,
            highlights[n] if n < len(highlights) else None,
            saved,
        )
        for n, offer in enumerate(offers)
    )
    # No indent: on a phone the cards take the width of the headings above them.
    classes = "w-full flex flex-col gap-3 pl-0 list-none"
    return f'<ul class="{classes}" aria-label="Offres">{cards}</ul>'
