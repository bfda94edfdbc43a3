"""Home: the search form with live counts, and the latest offers without searching."""

from __future__ import annotations

from nicegui import ui

from models.reference import vocabulary
from models.search import SearchCriteria, search_offers
from models.site_paths import SEARCH
from ui.frame import frame
from ui.offer_list import offer_cards
from ui.search_form import SearchForm

LATEST_COUNT = 10


@ui.page("/")
async def home() -> None:
    words = await vocabulary()
    criteria = SearchCriteria()
    page = await search_offers(criteria, first=LATEST_COUNT)
    with frame("Offres de stage et d'apprentissage"):
        ui.label("Offres de stage et d'apprentissage dans la fonction publique").classes(
            "text-2xl font-bold mb-2"
        ).props('role="heading" aria-level="1"')
        SearchForm(criteria, page, words)
        ui.label("Dernières offres publiées").classes("text-xl font-bold mt-6 mb-2").props(
            'role="heading" aria-level="2"'
        )
        offer_cards(page.offers, words)
        ui.link(f"Voir les {page.total} offres", SEARCH).classes("mt-4 text-lg")
