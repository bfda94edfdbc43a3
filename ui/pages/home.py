"""Home: the search form with live counts, and the latest offers without searching."""

from __future__ import annotations

from nicegui import ui

from models.reference import vocabulary
from models.search import SearchCriteria, search_offers
from models.site_paths import HOME, SEARCH
from ui.account_session import signed_in_as_staff
from ui.connection_resilience import FORM_RECONNECT_TIMEOUT
from ui.frame import frame
from ui.offer_list import offer_cards_html
from ui.offer_star import CardStars, saved_on_cards
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
        stars = None if signed_in_as_staff() else CardStars(await saved_on_cards(page.offers), HOME)
        # The heading, the latest offers and the link to all of them: one element (see
        # ui.offer_list), whose stars one listener serves (ui.offer_star).
        latest = ui.html(
            '<h2 class="text-xl font-bold mt-6 mb-2">Dernières offres publiées</h2>'
            + offer_cards_html(
                page.offers, words, saved=frozenset(stars.saved) if stars is not None else None
            )
            + f'<a href="{SEARCH}" class="nicegui-link mt-4 text-lg inline-block">'
            f"Voir les {page.total} offres</a>",
            sanitize=False,
        ).classes("w-full")
        if stars is not None:
            stars.listen(latest)
