"""The search form of the manual, with counts that follow every change before it is sent."""

from __future__ import annotations

from nicegui import ui

from models.reference import OfferType, Vocabulary
from models.search import (
    Facet,
    FacetValue,
    InvalidCriteria,
    SearchCriteria,
    SearchPage,
    criteria_to_query,
    search_offers,
)
from models.site_paths import SEARCH, search_path

__all__ = ["SearchForm", "search_url"]

_MULTI_SELECTS: tuple[tuple[Facet, str], ...] = (
    (Facet.DOMAINS, "Domaine d'activité"),
    (Facet.ADMINISTRATIONS, "Administration de rattachement"),
    (Facet.REGIONS, "Région"),
    (Facet.DEPARTMENTS, "Département"),
    (Facet.COUNTRIES, "Pays (stages uniquement)"),
)


def search_url(criteria: SearchCriteria, **extra: str) -> str:
    query = criteria_to_query(criteria) + list(extra.items())
    return search_path(query)


def _options(values: list[FacetValue]) -> dict[str, str]:
    return {v.value: f"{v.label} ({v.count})" for v in values}


def _type_counts(page: SearchPage) -> dict[str, int]:
    return {v.value: v.count for v in page.facets[Facet.TYPES]}


class SearchForm:
    """Builds the form for the given criteria; counts come from the given search page."""

    def __init__(self, criteria: SearchCriteria, page: SearchPage, words: Vocabulary) -> None:
        self.words = words
        self.type_boxes: dict[str, ui.checkbox] = {}
        self.selects: dict[Facet, ui.select] = {}
        with ui.card().classes("pass-card w-full p-4 gap-3"):
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
            self.keywords = (
                ui.input("Mots-clés", value=criteria.keywords, placeholder="ex. : communication")
                .props('outlined clearable aria-label="Mots-clés"')
                .classes("w-full")
                .on("keydown.enter", self.submit)
            )
            self.keywords.on("blur", self.refresh_counts)
            with ui.grid().classes("w-full gap-3 grid-cols-1 sm:grid-cols-2 lg:grid-cols-3"):
                self.level = (
                    ui.select(
                        _options(page.facets[Facet.DIPLOMA_LEVELS]),
                        label="Niveau de diplôme préparé",
                        value=criteria.diploma_level,
                        clearable=True,
                        on_change=self.refresh_counts,
                    )
                    .props("outlined")
                    .classes("w-full")
                )
                for facet, label in _MULTI_SELECTS:
                    self.selects[facet] = (
                        ui.select(
                            _options(page.facets[facet]),
                            label=label,
                            value=sorted(criteria.selected(facet)),
                            multiple=True,
                            with_input=True,
                            clearable=True,
                            on_change=self.refresh_counts,
                        )
                        .props("outlined use-chips")
                        .classes("w-full")
                    )
            self.error = ui.label("").classes("text-red-700")
            self.error.set_visibility(False)
            with ui.row().classes("gap-3 flex-wrap"):
                ui.button("Lancer ma recherche", icon="search", on_click=self.submit).props(
                    "unelevated color=primary"
                )
                ui.button(
                    "Rechercher toutes les offres",
                    on_click=lambda: ui.navigate.to(SEARCH),
                ).props("outline color=primary")
                ui.button(
                    "Réinitialiser ma recherche",
                    icon="restart_alt",
                    on_click=lambda: ui.navigate.to("/"),
                ).props("flat color=primary")

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
            vocabulary=self.words,
        )

    async def refresh_counts(self) -> None:
        """Counts for the criteria now in the form (also after new offers were shown)."""
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
        self.level.set_options(_options(page.facets[Facet.DIPLOMA_LEVELS]), value=self.level.value)
        for facet, select in self.selects.items():
            select.set_options(_options(page.facets[facet]), value=select.value)

    def _show_error(self, message: str | None) -> None:
        self.error.text = message or ""
        self.error.set_visibility(message is not None)

    async def submit(self) -> None:
        try:
            criteria = self.criteria()
        except InvalidCriteria as error:
            self._show_error(error.message)
            return
        ui.navigate.to(search_url(criteria))
