"""Search results: the criteria live in the URL, so a search can be bookmarked and shared."""

from __future__ import annotations

from math import ceil

from nicegui import ui
from starlette.requests import Request

from models.reference import Vocabulary, vocabulary
from models.search import (
    InvalidCriteria,
    SearchCriteria,
    SearchPage,
    criteria_from_query,
    criteria_to_query,
    search_offers,
)
from models.site_paths import SEARCH, feed_path
from ui.account_session import session_token
from ui.frame import frame
from ui.live_offers import NewOffersNotice
from ui.offer_list import offer_cards
from ui.saved_search_save import SaveSearchButton
from ui.search_form import SearchForm, search_url

PAGE_SIZE = 20
MAX_PAGE = 500


def _page_number(raw: str | None) -> int:
    return max(1, min(MAX_PAGE, int(raw))) if raw and raw.isdigit() else 1


def _total_sentence(total: int) -> str:
    if total == 0:
        return "Aucune offre ne correspond à votre recherche"
    if total == 1:
        return "1 offre correspond à votre recherche"
    return f"{total} offres correspondent à votre recherche"


@ui.page(SEARCH)
async def results(request: Request) -> None:
    words = await vocabulary()
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    error = None
    try:
        criteria = criteria_from_query(params, vocabulary=words)
    except InvalidCriteria as invalid:
        criteria, error = SearchCriteria(), invalid.message
    number = _page_number(request.query_params.get("page"))
    page = await search_offers(criteria, first=PAGE_SIZE, skip=(number - 1) * PAGE_SIZE)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    with frame("Résultats de recherche"):
        ui.label("Rechercher une offre").classes("text-2xl font-bold mb-2").props(
            'role="heading" aria-level="1"'
        )
        if error:
            ui.label(f"{error}. Voici toutes les offres.").classes("text-red-700 font-bold").props(
                'role="alert"'
            )
        form = SearchForm(criteria, page, words)
        with ui.row().classes("w-full items-center justify-between gap-x-4 gap-y-2 mt-6 mb-2"):
            total = (
                ui.label(_total_sentence(page.total))
                .classes("text-xl font-bold")
                .props('role="status" aria-level="2"')
            )
            with ui.row().classes("items-baseline gap-x-4 gap-y-2 flex-wrap"):
                # Decided on the token alone, as the header: saving checks the session again.
                save = SaveSearchButton(
                    criteria, words, back_to=here, signed_in=session_token() is not None
                )
                feed_url = feed_path(criteria_to_query(criteria))
                ui.link("Flux Atom de cette recherche", feed_url).props(
                    'rel="alternate" type="application/atom+xml"'
                )
        save.status_line()

        async def reveal(new_ids: frozenset[int]) -> None:
            await shown.reveal(new_ids)
            await form.refresh_counts()

        # Above the list, which is built next: the notice calls it once it exists.
        NewOffersNotice(criteria, reveal)
        shown = ResultList(criteria, words, number, page, total)
        shown.show()


class ResultList:
    """The offers and the page links; on « afficher » the first page is searched again and the
    offers that arrived meanwhile are marked « Nouvelle »."""

    def __init__(
        self,
        criteria: SearchCriteria,
        words: Vocabulary,
        number: int,
        page: SearchPage,
        total: ui.label,
    ) -> None:
        self.criteria, self.words, self.number, self.page = criteria, words, number, page
        self.total = total
        self.new_ids: frozenset[int] = frozenset()
        self.box = ui.column().classes("w-full gap-0")

    async def reveal(self, new_ids: frozenset[int]) -> None:
        if self.number != 1:
            ui.navigate.to(search_url(self.criteria))  # the newest are on the first page
            return
        self.page = await search_offers(self.criteria, first=PAGE_SIZE)
        self.new_ids = new_ids
        self.show()
        self.total.text = _total_sentence(self.page.total)

    def show(self) -> None:
        self.box.clear()
        with self.box:
            self._list()

    def _list(self) -> None:
        page, number, criteria = self.page, self.number, self.criteria
        pages = max(1, ceil(page.total / PAGE_SIZE))
        if page.offers:
            offer_cards(page.offers, self.words, new_ids=self.new_ids)
        else:
            ui.label(
                "Essayez moins de critères, ou d'autres mots-clés : les mots sont cherchés "
                "entiers, au singulier comme au pluriel."
            ).classes("text-gray-700")
        if pages > 1:
            with (
                ui.row()
                .classes("w-full items-center justify-center gap-4 mt-4")
                .props('role="navigation" aria-label="Pages de résultats"')
            ):
                if number > 1:
                    ui.link("« Page précédente", search_url(criteria, page=str(number - 1)))
                ui.label(f"Page {number} sur {pages}")
                if number < pages:
                    ui.link("Page suivante »", search_url(criteria, page=str(number + 1)))
