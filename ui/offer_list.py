"""A list of offers as cards: what a candidate needs to choose which to open.

The whole list is plain HTML inside one element: a card never changes once shown (new offers
replace the list), and each server-side NiceGUI element costs a few kilobytes for as long as
the page stays open, so a dozen per card made most of an open results page's memory.
"""

from __future__ import annotations

from html import escape

from models.offers import Offer
from models.reference import Vocabulary
from models.site_paths import offer_path
from ui.formatting import french_date, place

__all__ = ["NEW_OFFER_MARK", "offer_cards_html"]

# The classes NiceGUI and Quasar give their card, row, badge and link, so that the cards look
# as they did when built from those elements.
_BADGE = "q-badge flex inline items-center no-wrap q-badge--single-line"
NEW_OFFER_MARK = "pass-new-offer"


def _text(value: str) -> str:
    # Text nodes only need <, > and & escaped; leaving quotes as they are keeps the markup
    # readable and its text searchable as written.
    return escape(value, quote=False)


def _card(offer: Offer, words: Vocabulary, new: bool) -> str:
    badge_colour = "bg-primary" if offer.type == "apprentissage" else "bg-teal-9"
    new_badge = f'<span class="{_BADGE} bg-red-9 {NEW_OFFER_MARK}">Nouvelle</span>' if new else ""
    details = [
        words.diploma_levels.get(offer.diploma_level, ""),
        words.domains.get(offer.domain_id, ""),  # type: ignore[attr-defined]
        words.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
    ]
    return (
        '<li class="w-full"><div class="q-card nicegui-card pass-card w-full p-4 gap-1">'
        '<div class="nicegui-row row items-center gap-2 flex-wrap">'
        f'<span class="{_BADGE} {badge_colour}">'
        f"{_text(words.types.get(offer.type, offer.type))}</span>{new_badge}"
        f'<span class="text-sm text-gray-700">{_text(offer.reference)}</span>'
        f'<span class="text-sm text-gray-700">publiée le {french_date(offer.published_at)}</span>'
        "</div>"
        f'<a href="{escape(offer_path(offer.reference))}" '
        f'class="nicegui-link text-lg font-bold pass-brand">{_text(offer.title)}</a>'
        f'<div class="text-gray-800">{_text(place(offer, words))}</div>'
        f'<div class="text-sm text-gray-700">{_text(" · ".join(d for d in details if d))}</div>'
        "</div></li>"
    )


def offer_cards_html(
    offers: list[Offer], words: Vocabulary, *, new_ids: frozenset[int] = frozenset()
) -> str:
    """The list, for a `ui.html(..., sanitize=False)`: every text in it is escaped here.
    `new_ids`: offers that appeared while the page was open, marked « Nouvelle »."""
    cards = "".join(_card(offer, words, offer.id in new_ids) for offer in offers)
    return f'<ul class="w-full flex flex-col gap-3" aria-label="Offres">{cards}</ul>'
