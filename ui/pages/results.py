"""Search results: the criteria live in the URL, so a search can be bookmarked and shared."""

from __future__ import annotations

from html import escape
from math import ceil

from nicegui import ui
from starlette.requests import Request

from models.reference import Vocabulary, vocabulary
from models.search import (
    InvalidCriteria,
    Relaxation,
    SearchCriteria,
    SearchOrder,
    SearchPage,
    criteria_from_query,
    criteria_to_query,
    highlight_offer,
    order_from_query,
    order_to_query,
    query_with_keywords,
    relax_search,
    search_offers,
)
from models.site_paths import SEARCH, feed_path, search_path
from ui.account_session import session_token, signed_in_as_staff
from ui.announcer import Announcer
from ui.ascii_text import AsciiHtml
from ui.connection_resilience import FORM_RECONNECT_TIMEOUT
from ui.facet_select import FacetSelect
from ui.frame import frame
from ui.live_offers import NewOffersNotice
from ui.offer_list import offer_cards_html
from ui.offer_star import CardStars, saved_on_cards
from ui.page_links import page_links_html
from ui.results_title import results_title
from ui.saved_search_save import SAVE_ON_RETURN, SaveSearchButton
from ui.search_form import SearchForm, search_url
from ui.search_tags import show_search_tags

PAGE_SIZE = 20
MAX_PAGE = 500


def _page_number(raw: str | None) -> int:
    return max(1, min(MAX_PAGE, int(raw))) if raw and raw.isdigit() else 1


def _offers(count: int) -> str:
    return "1 offre" if count == 1 else f"{count} offres"


# The orders a candidate can choose; « Distance » only when a place is given.
_ORDER_LABELS = {
    SearchOrder.RELEVANCE: "Pertinence",
    SearchOrder.NEWEST: "Plus récentes",
    SearchOrder.DEADLINE: "Date limite",
    SearchOrder.DISTANCE: "Distance",
}


def _order_choice(criteria: SearchCriteria, order: SearchOrder) -> FacetSelect:
    """« Trier par »: choosing an order opens its first page (same criteria)."""
    choices = {
        o.value: label
        for o, label in _ORDER_LABELS.items()
        if o is not SearchOrder.DISTANCE or criteria.near
    }

    def navigate(event: object) -> None:
        chosen = SearchOrder(getattr(event, "value", None) or SearchOrder.RELEVANCE)
        ui.navigate.to(search_url(criteria, **dict(order_to_query(chosen))))

    return (
        FacetSelect(choices, label="Trier par", value=order.value, on_change=navigate)
        .props("outlined dense")
        .classes("min-w-[11rem]")
    )


def _results_url(criteria: SearchCriteria, order: SearchOrder, **extra: str) -> str:
    """A results page of these criteria in this order; criteria without a place (a tag or a
    rescue link dropped it) cannot be ordered by distance: by default then."""
    if order is SearchOrder.DISTANCE and not criteria.near:
        order = SearchOrder.RELEVANCE
    return search_url(criteria, **dict(order_to_query(order)), **extra)


def _total_sentence(total: int) -> str:
    if total == 0:
        return "Aucune offre ne correspond à votre recherche"
    if total == 1:
        return "1 offre correspond à votre recherche"
    return f"{total} offres correspondent à votre recherche"


@ui.page(SEARCH, reconnect_timeout=FORM_RECONNECT_TIMEOUT)
async def results(request: Request) -> None:
    words = await vocabulary()
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    error = None
    try:
        criteria = criteria_from_query(params, vocabulary=words)
        order = order_from_query(params)
    except InvalidCriteria as invalid:
        criteria, order, error = SearchCriteria(), SearchOrder.RELEVANCE, invalid.message
    number = _page_number(request.query_params.get("page"))
    skip = (number - 1) * PAGE_SIZE
    try:
        page = await search_offers(criteria, first=PAGE_SIZE, skip=skip, order=order)
    except InvalidCriteria as invalid:  # an order these criteria cannot give (distance)
        criteria, order, error = SearchCriteria(), SearchOrder.RELEVANCE, invalid.message
        page = await search_offers(criteria, first=PAGE_SIZE, skip=skip, order=order)
    relaxations = await relax_search(criteria) if page.total == 0 else []
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    with frame(results_title(criteria, words, page.total)):
        heading = '<h1 class="text-2xl font-bold mb-2">Rechercher une offre</h1>'
        if error:
            heading += (
                f'<p class="text-red-700 font-bold" role="alert">{escape(error, quote=False)}. '
                "Voici toutes les offres.</p>"
            )
        ui.html(heading, sanitize=False)
        announcer = Announcer()  # the page's one live region: counts, new offers, saving
        form = SearchForm(criteria, page, words, order=order, announcer=announcer)
        show_search_tags(criteria, words, lambda fewer: _results_url(fewer, order))
        with ui.row().classes(
            "w-full items-center justify-between gap-x-4 gap-y-2 mt-4 mb-2"
        ) as results_bar:
            # A heading after the page's h1, not a live region: the announcer says changes.
            total = ui.html(_total_sentence(page.total), sanitize=False, tag="h2").classes(
                "text-lg md:text-xl font-bold"
            )
            with ui.row().classes("items-center gap-x-4 gap-y-2 flex-wrap"):
                _order_choice(criteria, order)
                # Decided on the token alone, as the header: saving checks the session again.
                save = SaveSearchButton(
                    criteria, words, back_to=here, signed_in=session_token() is not None
                )
                feed_url = feed_path(criteria_to_query(criteria))
                ui.link("Flux Atom de cette recherche", feed_url).props(
                    'rel="alternate" type="application/atom+xml"'
                )
        save.status_line(announcer, below=results_bar)
        if error is None and request.query_params.get(SAVE_ON_RETURN) == "1":
            await save.save_on_return()

        shown = ResultList(
            criteria,
            order,
            words,
            number,
            page,
            total,
            relaxations,
            request.query_params.multi_items(),
            None
            if signed_in_as_staff()
            else CardStars(await saved_on_cards(page.offers), here, announcer.say),
        )
        shown.show()

        async def reveal(new_ids: frozenset[int]) -> None:
            await shown.reveal(new_ids)
            await form.refresh_counts()

        NewOffersNotice(criteria, reveal, announcer, above=shown.box)


class ResultList:
    """The offers and the page links; on « afficher » the first page is searched again and the
    offers that arrived meanwhile are marked « Nouvelle ».

    One element of plain HTML: shown again whole when new offers are revealed."""

    def __init__(
        self,
        criteria: SearchCriteria,
        order: SearchOrder,
        words: Vocabulary,
        number: int,
        page: SearchPage,
        total: ui.html,
        relaxations: list[Relaxation],
        url_query: list[tuple[str, str]],
        stars: CardStars | None = None,
    ) -> None:
        self.criteria, self.words, self.number, self.page = criteria, words, number, page
        self.order = order
        self.total = total
        self.relaxations = relaxations
        self.new_ids: frozenset[int] = frozenset()
        self.url_query = url_query  # the page's own, as the browser sent it
        self.box = AsciiHtml().classes("w-full")
        self.stars = stars
        if stars is not None:
            stars.listen(self.box)

    async def reveal(self, new_ids: frozenset[int]) -> None:
        if self.number != 1:
            ui.navigate.to(self._url())  # the newest are on the first page
            return
        self.page = await search_offers(self.criteria, first=PAGE_SIZE, order=self.order)
        self.relaxations = await relax_search(self.criteria) if self.page.total == 0 else []
        self.new_ids = new_ids
        if self.stars is not None:
            self.stars.saved = await saved_on_cards(self.page.offers)
        self.show()
        self.total.content = _total_sentence(self.page.total)

    def show(self) -> None:
        self.box.set_html(self._list())

    def _url(self, criteria: SearchCriteria | None = None, **extra: str) -> str:
        """A results page of this order; of these criteria, or of others. Criteria left
        without a place (a rescue link dropping it) cannot be ordered by distance: by default."""
        return _results_url(self.criteria if criteria is None else criteria, self.order, **extra)

    def _rescue(self) -> str:
        """Links to the search without each criterion that keeps it from finding offers."""
        if not self.relaxations:
            return ""
        items = "".join(
            f'<li><a href="{escape(self._url(r.criteria))}" class="nicegui-link">'
            f"{escape(r.label, quote=False)} : {_offers(r.count)}</a></li>"
            for r in self.relaxations
        )
        return (
            '<p class="text-gray-800 mt-2">Ces recherches voisines trouvent des offres :</p>'
            f'<ul class="list-disc ml-6 pass-relaxations">{items}</ul>'
        )

    def _list(self) -> str:
        page, number = self.page, self.number
        pages = max(1, ceil(page.total / PAGE_SIZE))
        if page.offers:
            query = self.criteria.keyword_query
            shown = offer_cards_html(
                page.offers,
                self.words,
                new_ids=self.new_ids,
                distances=page.distances,
                highlights=[highlight_offer(o, query) for o in page.offers] if query else (),
                saved=frozenset(self.stars.saved) if self.stars is not None else None,
            )
        else:
            shown = (
                self._did_you_mean()
                + (
                    '<p class="text-gray-700">Essayez moins de critères, ou d\'autres mots-clés : '
                    "les mots sont cherchés entiers, au singulier comme au pluriel.</p>"
                )
                + self._rescue()
            )
        # Beyond MAX_PAGE an address shows page MAX_PAGE: no link past it.
        shown += page_links_html(number, min(pages, MAX_PAGE), lambda n: self._url(page=str(n)))
        return shown

    def _did_you_mean(self) -> str:
        """The same search with the suggested keywords: the rest of the address as it was,
        but for the page number (a new search starts on its first page)."""
        suggestion = self.page.did_you_mean
        if suggestion is None:
            return ""
        kept = [(k, v) for k, v in self.url_query if k not in ("page", SAVE_ON_RETURN)]
        url = escape(search_path(query_with_keywords(kept, suggestion)))
        return (
            # No-break spaces inside the quotes and before « ? », as French typography has them.
            '<p class="text-lg mb-2">Vouliez-vous dire '
            f'«&nbsp;<a href="{url}" class="nicegui-link font-bold">{escape(suggestion)}</a>'
            "&nbsp;»&nbsp;?</p>"
        )
