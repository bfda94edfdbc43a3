"""The search form of the manual, with counts that follow every change before it is sent."""

from __future__ import annotations

from nicegui import ui

from models.reference import OfferType, Vocabulary
from models.search import (
    Facet,
    FacetValue,
    InvalidCriteria,
    SearchCriteria,
    SearchOrder,
    SearchPage,
    criteria_to_query,
    order_to_query,
    search_offers,
)
from models.site_paths import HOME, SEARCH, search_path
from ui.announcer import Announcer
from ui.connection_resilience import page_draft
from ui.facet_select import FacetSelect
from ui.filters_panel import FiltersPanel, filters_label
from ui.place_field import DEFAULT_RADIUS_KM, PlaceField, PlaceValue

__all__ = ["SearchForm", "search_url"]

_MULTI_SELECTS: tuple[tuple[Facet, str], ...] = (
    (Facet.DOMAINS, "Domaine d'activité"),
    (Facet.ADMINISTRATIONS, "Administration de rattachement"),
    (Facet.REGIONS, "Région"),
    (Facet.DEPARTMENTS, "Département"),
    (Facet.COUNTRIES, "Pays"),
)


# Quasar's outlined and flat buttons, as ui.button renders them.
_BUTTON = (
    '<button type="button" data-href="{href}" class="q-btn q-btn-item non-selectable no-outline '
    '{look} q-btn--rectangle text-primary q-btn--actionable q-focusable q-hoverable">'
    '<span class="q-focus-helper"></span><span class="q-btn__content text-center col '
    'items-center q-anchor--skip justify-center row">{icon}<span class="block">{text}</span>'
    "</span></button>"
)
_NAVIGATION_BUTTONS = _BUTTON.format(
    href=SEARCH, look="q-btn--outline", icon="", text="Rechercher toutes les offres"
) + _BUTTON.format(
    href=HOME,
    look="q-btn--flat",
    icon='<i class="q-icon on-left notranslate material-icons" aria-hidden="true" role="img">'
    "restart_alt</i>",
    text="Réinitialiser ma recherche",
)


def _navigation_buttons(display: str = "flex") -> ui.html:
    # Two plain links dressed as buttons would be links to a screen reader; these are buttons
    # that only navigate, so the browser does it without the server.
    return (
        ui.html(_NAVIGATION_BUTTONS, sanitize=False)
        .classes(f"{display} gap-3 flex-wrap")
        .on(
            "click",
            js_handler="(e) => { const b = e.target.closest('button[data-href]'); "
            "if (b) window.location.href = b.dataset.href; }",
        )
    )


def search_url(criteria: SearchCriteria, **extra: str) -> str:
    query = criteria_to_query(criteria) + list(extra.items())
    return search_path(query)


def _options(values: list[FacetValue]) -> dict[str, str]:
    return {v.value: f"{v.label} ({v.count})" for v in values}


def _offers(count: int) -> str:
    return f"{count} offre" if count < 2 else f"{count} offres"


def _apply_text(total: int) -> str:
    """The dialog's apply button, with the count of the criteria in the form."""
    return f"Afficher {_offers(total)}"


def _type_counts(page: SearchPage) -> dict[str, int]:
    return {v.value: v.count for v in page.facets[Facet.TYPES]}


class SearchForm:
    """Builds the form for the given criteria; counts come from the given search page."""

    def __init__(
        self,
        criteria: SearchCriteria,
        page: SearchPage,
        words: Vocabulary,
        *,
        order: SearchOrder = SearchOrder.RELEVANCE,
        announcer: Announcer | None = None,
    ) -> None:
        self.words = words
        near = [(n.commune_code, n.radius_km) for n in criteria.near]
        # An address may hold more places than the form's two: the others are kept as they are.
        self.more_near = near[2:]
        self.order = order  # kept by a new search from this form
        self.type_boxes: dict[str, ui.checkbox] = {}
        self.selects: dict[Facet, FacetSelect] = {}
        self.announcer = announcer if announcer is not None else Announcer()
        with ui.card().classes("pass-card w-full p-4 gap-3") as self.card:
            self.keywords = (
                ui.input("Mots-clés", value=criteria.keywords, placeholder="ex. : communication")
                .props('outlined clearable aria-label="Mots-clés"')
                .classes("w-full")
                .on("keydown.enter", self.submit)
            )
            self.keywords.on("blur", self.refresh_counts)
            # On a phone the filters wait in a dialog behind « Filtres (n) » (ui.filters_panel).
            with FiltersPanel() as self.panel:
                self._filters(criteria, page, near)
                # Shown in the dialog only (see ui.filters_panel): one element, no row around it.
                self.more_buttons = _navigation_buttons("pass-filters-more")
                with self.panel.apply_row():
                    self.apply = ui.button(
                        _apply_text(page.total), icon="search", on_click=self.submit
                    ).props("unelevated color=primary no-caps")
                    ui.button(
                        "Effacer les filtres", icon="filter_alt_off", on_click=self.clear
                    ).props("flat color=primary no-caps")
            # The error line is made when there is one to show (see _show_error).
            self.error: ui.label | None = None
            with ui.row().classes("gap-3 flex-wrap") as self.buttons:
                ui.button("Lancer ma recherche", icon="search", on_click=self.submit).props(
                    "unelevated color=primary"
                )
                self.opener = FiltersPanel.opener(self._chosen_count())
                # On a phone, in the filters' dialog (below): a row less above the offers.
                _navigation_buttons("flex max-md:hidden")
        self._keep_through_lost_connection()

    def _filters(
        self, criteria: SearchCriteria, page: SearchPage, near: list[tuple[str, int]]
    ) -> None:
        with ui.row().classes("items-center gap-4 flex-wrap"):
            ui.label("Je cherche un").classes("text-lg font-bold")
            counts = _type_counts(page)
            for offer_type in OfferType:
                # Both types always show, with (0) when none matches, as in the manual.
                self.type_boxes[offer_type.value] = ui.checkbox(
                    f"{offer_type.label} ({counts.get(offer_type.value, 0)})",
                    value=offer_type.value in criteria.selected(Facet.TYPES),
                    on_change=self.refresh_counts,
                )
        # One grid for the places and the lists: every element of an open page is kept in the
        # server's memory. Its six columns hold two places a row and three lists a row on a
        # wide screen; at `sm`, two columns: a place a row, two lists a row; on a phone, one.
        with ui.grid().classes("w-full gap-3 grid-cols-1 sm:grid-cols-2 lg:grid-cols-6"):
            # Home first: distances are measured from the first place.
            self.places = [
                PlaceField(
                    label=label,
                    radius_label=radius_label,
                    code=near[n][0] if n < len(near) else "",
                    radius=near[n][1] if n < len(near) else DEFAULT_RADIUS_KM,
                    on_change=self._place_changed,
                ).classes("w-full sm:col-span-2 md:col-span-1 lg:col-span-3")
                for n, (label, radius_label) in enumerate(
                    (("Lieu", "Rayon"), ("et de mon école", "Rayon"))
                )
            ]
            self.level = (
                FacetSelect(
                    _options(page.facets[Facet.DIPLOMA_LEVELS]),
                    label="Niveau de diplôme préparé",
                    value=criteria.diploma_level,
                    on_change=self.refresh_counts,
                )
                .props("outlined clearable")
                .classes("w-full lg:col-span-2")
            )
            for facet, label in _MULTI_SELECTS:
                self.selects[facet] = (
                    FacetSelect(
                        _options(page.facets[facet]),
                        label=label,
                        value=sorted(criteria.selected(facet)),
                        multiple=True,
                        on_change=self.refresh_counts,
                    )
                    .props("outlined clearable")
                    .classes("w-full lg:col-span-2")
                )

    def _chosen_count(self) -> int:
        """How many values the filters hold, for « Filtres (n) »."""
        return (
            sum(1 for box in self.type_boxes.values() if box.value)
            + (1 if self.level.value else 0)
            + sum(len(select.value or ()) for select in self.selects.values())
            + sum(1 for place in self.places if place.place)
        )

    async def clear(self) -> None:
        """« Effacer les filtres »: every filter emptied, the keywords kept. Each change counts
        again, after all of them are made: every count is the final one."""
        for box in self.type_boxes.values():
            box.value = False
        self.level.value = None
        for select in self.selects.values():
            select.value = []
        for place in self.places:
            place.value = PlaceValue(place="", label="", radius=place.radius)
        self.more_near = []
        await self.refresh_counts()

    def _keep_through_lost_connection(self) -> None:
        """What is typed and ticked comes back after a reload caused by a lost connection."""
        draft = page_draft()
        for code, box in self.type_boxes.items():
            draft.keep(f"search-type-{code}", box)
        draft.keep("search-keywords", self.keywords)
        for n, place in enumerate(self.places):
            draft.keep(f"search-place-{n}", place)
        draft.keep("search-level", self.level)
        for facet, select in self.selects.items():
            draft.keep(f"search-{facet.value}", select)
        draft.on_restored(self.refresh_counts)

    def criteria(self) -> SearchCriteria:
        return SearchCriteria.build(
            types=[code for code, box in self.type_boxes.items() if box.value],
            keywords=self.keywords.value or "",
            diploma_level=self.level.value or None,
            domains=self.selects[Facet.DOMAINS].value or (),
            administrations=self.selects[Facet.ADMINISTRATIONS].value or (),
            regions=self.selects[Facet.REGIONS].value or (),
            departments=self.selects[Facet.DEPARTMENTS].value or (),
            countries=self.selects[Facet.COUNTRIES].value or (),
            near=[(p.place, p.radius) for p in self.places if p.place] + self.more_near,
            vocabulary=self.words,
        )

    async def _place_changed(self) -> None:
        # A place typed but not chosen in the list is resolved (or explained) on submit only:
        # it arrives when the field loses focus, often by a press on « Lancer ma recherche »,
        # and an error line appearing then would move that button from under the pointer.
        if all(p.chosen or not p.place for p in self.places):
            await self.refresh_counts()

    async def refresh_counts(self) -> None:
        """Counts for the criteria now in the form (also after new offers were shown)."""
        self.opener.text = filters_label(self._chosen_count())
        try:
            page = await search_offers(self.criteria(), first=0)
        except InvalidCriteria as error:
            self._show_error(error.message)
            return
        self._show_error(None)
        counts = _type_counts(page)
        for offer_type in OfferType:
            self.type_boxes[
                offer_type.value
            ].text = f"{offer_type.label} ({counts.get(offer_type.value, 0)})"
        self.level.set_choices(_options(page.facets[Facet.DIPLOMA_LEVELS]))
        for facet, select in self.selects.items():
            select.set_choices(_options(page.facets[facet]))
        self.apply.text = _apply_text(page.total)
        self.announcer.say(f"{_offers(page.total)} avec ces critères")

    def _show_error(self, message: str | None) -> None:
        if message is None:
            if self.error is not None:
                self.error.set_visibility(False)
            return
        if self.error is None:
            with self.panel:
                self.error = ui.label(message).classes("text-red-700")
            # After the filters (what it is about), above the buttons, where it was always
            # meant to be read: the form's on a wide screen, the dialog's on a phone.
            place = self.panel.default_slot.children.index(self.more_buttons)
            self.error.move(self.panel, target_index=place)
        self.error.text = message
        self.error.set_visibility(True)

    async def submit(self) -> None:
        try:
            criteria = self.criteria()
        except InvalidCriteria as error:
            self._show_error(error.message)
            return
        # Distance without a place is not an order: the place was just removed.
        order = (
            SearchOrder.RELEVANCE
            if not criteria.near and self.order is SearchOrder.DISTANCE
            else self.order
        )
        ui.navigate.to(search_url(criteria, **dict(order_to_query(order))))
