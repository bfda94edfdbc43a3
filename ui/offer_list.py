"""A list of offers as cards: what a candidate needs to choose which to open."""

from __future__ import annotations

from nicegui import ui

from models.offers import Offer
from models.reference import Vocabulary
from models.site_paths import offer_path
from ui.formatting import french_date, place

__all__ = ["offer_cards"]


def offer_cards(
    offers: list[Offer], words: Vocabulary, *, new_ids: frozenset[int] = frozenset()
) -> None:
    """`new_ids`: offers that appeared while the page was open, marked « Nouvelle »."""
    with ui.element("ul").classes("w-full flex flex-col gap-3").props('aria-label="Offres"'):
        for offer in offers:
            with (
                ui.element("li").classes("w-full"),
                ui.card().classes("pass-card w-full p-4 gap-1"),
            ):
                with ui.row().classes("items-center gap-2 flex-wrap"):
                    ui.badge(words.types.get(offer.type, offer.type)).props(
                        "color=primary" if offer.type == "apprentissage" else "color=teal-9"
                    )
                    if offer.id in new_ids:
                        ui.badge("Nouvelle").props("color=red-9").classes("pass-new-offer")
                    ui.label(offer.reference).classes("text-sm text-gray-700")
                    ui.label(f"publiée le {french_date(offer.published_at)}").classes(
                        "text-sm text-gray-700"
                    )
                ui.link(offer.title, offer_path(offer.reference)).classes(
                    "text-lg font-bold pass-brand"
                )
                ui.label(place(offer, words)).classes("text-gray-800")
                details = [
                    words.diploma_levels.get(offer.diploma_level, ""),
                    words.domains.get(offer.domain_id, ""),  # type: ignore[attr-defined]
                    words.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
                ]
                ui.label(" · ".join(d for d in details if d)).classes("text-sm text-gray-700")
