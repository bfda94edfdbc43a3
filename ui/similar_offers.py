"""« Offres similaires » under an offer: a few current offers of the same domain and level,
nearest first, as the same cards as the results (one HTML element, see offer_list.py)."""

from __future__ import annotations

from nicegui import ui

from models.offers import Offer
from models.reference import Vocabulary
from models.search import distance_km, similar_offers
from ui.offer_list import offer_cards_html

__all__ = ["SHOWN", "similar_offers_section"]

SHOWN = 4


def _distance(offer: Offer, other: Offer) -> float | None:
    points = (offer.latitude, offer.longitude, other.latitude, other.longitude)
    if any(value is None for value in points):
        return None
    return distance_km(*points)  # type: ignore[arg-type]


async def similar_offers_section(offer: Offer, words: Vocabulary) -> None:
    """Nothing when no offer is like it."""
    found = await similar_offers(offer, first=SHOWN)
    if not found:
        return
    with ui.element("section").classes("w-full mt-6").props('aria-labelledby="pass-similar-title"'):
        ui.label("Offres similaires").classes("text-xl font-bold mb-2").props(
            'id="pass-similar-title" role="heading" aria-level="2"'
        )
        cards = offer_cards_html(
            found, words, distances=[_distance(offer, other) for other in found]
        )
        ui.html(
            cards.replace('aria-label="Offres"', 'aria-label="Offres similaires"'), sanitize=False
        ).classes("w-full")
