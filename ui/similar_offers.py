"""« Offres similaires » under an offer: a few current offers of the same domain and level,
nearest first, as the same cards as the results (one HTML element, see offer_list.py), with
their stars for a candidate or a visitor (not for staff)."""

from __future__ import annotations

from nicegui import ui

from models.offers import Offer
from models.reference import Vocabulary
from models.search import distance_km, similar_offers
from models.site_paths import offer_path
from ui.account_session import signed_in_as_staff
from ui.offer_list import offer_cards_html
from ui.offer_star import CardStars, saved_on_cards

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
        stars = (
            None
            if signed_in_as_staff()
            else CardStars(await saved_on_cards(found), offer_path(offer.reference))
        )
        cards = offer_cards_html(
            found,
            words,
            distances=[_distance(offer, other) for other in found],
            saved=frozenset(stars.saved) if stars is not None else None,
        )
        box = ui.html(
            cards.replace('aria-label="Offres"', 'aria-label="Offres similaires"'), sanitize=False
        ).classes("w-full")
        if stars is not None:
            stars.listen(box)
