"""Home: the search form with live counts, and the latest offers without searching."""

from __future__ import annotations

from nicegui import ui

from models.reference import vocabulary
from models.search import SearchCriteria, search_offers
from models.site_paths import SEARCH
from ui.connection_resilience import FORM_RECONNECT_TIMEOUT
from ui.frame import frame
from ui.offer_list import offer_cards_html
from ui.search_form import SearchForm

LATEST_COUNT = 10


@ui.page("/", reconnect_timeout=FORM_RECONNECT_TIMEOUT)
async def home() -> None:
    words = await vocabulary()
    criteria = SearchCriteria()
    page = await search_offers(criteria, first=LATEST_COUNT)
    with frame("Offres de stage et d'apprentissage"):
        ui.html(
            '<h1 class="text-2xl font-bold mb-2">'
            "Offres de stage et d'apprentissage dans la fonction publique</h1>",
            sanitize=False,
        )
        SearchForm(criteria, page, words)
        # The heading, the latest offers and the link to all of them: one element (see
        # ui.offer_list).
        ui.html(
            '<h2 class="text-xl font-bold mt-6 mb-2">Dernières offres publiées</h2>'
            + offer_cards_html(page.offers, words)
            + f'<a href="{SEARCH}" class="nicegui-link mt-4 text-lg inline-block">'
            f"Voir les {page.total} offres</a>",
            sanitize=False,
        ).classes("w-full")
