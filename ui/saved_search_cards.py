"""The cards of « Mes recherches »: each saved search with its criteria in words, the way to run
it again, and its actions (rename, alert bell, delete), as the manual lists them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from models.alerts import expected_per_week, pace_sentence
from models.errors import UserErrors
from models.reference import Vocabulary
from models.saved_searches import (
    NAME_MAX,
    AlertFrequency,
    SavedSearch,
    criteria_of,
    delete_saved_search,
    describe_criteria,
    rename_saved_search,
    set_alert,
    set_alert_frequency,
)
from models.search import InvalidCriteria
from models.site_paths import search_path
from ui.account_forms import FormFeedback, heading, one_at_a_time, set_field_error, text_input
from ui.account_session import candidate_or_sign_in
from ui.card_list import card_list_frame
from ui.formatting import french_date
from ui.saved_search_save import NAME_LABEL, SAVED_SEARCHES_PATH, show_refusal
from ui.search_form import search_url

__all__ = [
    "ALERT_DAILY",
    "ALERT_OFF",
    "ALERT_ON",
    "EMPTY_TEXT",
    "FREQUENCY_LABELS",
    "SavedSearchList",
    "SavedSearchView",
    "view_of",
]

ALERT_ON = "Alerte activée : vous recevrez un e-mail pour chaque nouvelle offre correspondante."
ALERT_DAILY = (
    "Alerte activée : vous recevrez chaque matin un e-mail récapitulant les nouvelles offres "
    "de la veille, s'il y en a."
)
ALERT_OFF = "Alerte désactivée."
FREQUENCY_LABELS = {
    AlertFrequency.INSTANT.value: "Un e-mail à chaque nouvelle offre",
    AlertFrequency.DAILY.value: "Un récapitulatif par jour",
}
EMPTY_TEXT = (
    "Vous n'avez pas encore de recherche sauvegardée. Lancez une recherche puis cliquez sur "
    "« Sauvegarder ma recherche »."
)


@dataclass(frozen=True, slots=True)
class SavedSearchView:
    """What a card shows of a saved search, worked out before the page is built."""

    id: int
    name: str
    words: str
    url: str
    saved_on: str
    alert_enabled: bool
    alert_frequency: AlertFrequency = AlertFrequency.INSTANT
    # « Environ 3 offres par semaine, d'après… »: what its alert would bring (None: its
    # criteria no longer hold, nothing to count).
    pace: str | None = None


async def view_of(search: SavedSearch, words: Vocabulary) -> SavedSearchView:
    try:
        criteria = await criteria_of(search)
    except InvalidCriteria as invalid:
        # A code withdrawn since the search was saved: the results page says which one.
        described = f"{invalid.message} (ce critère n'existe plus)"
        url = search_path([(name, value) for name, value in search.query])
        pace = None
    else:
        described = describe_criteria(criteria, words)
        url = search_url(criteria)
        pace = pace_sentence(await expected_per_week(criteria))
    return SavedSearchView(
        id=search.id,
        name=search.name,
        words=described,
        url=url,
        saved_on=french_date(search.created_at),
        alert_enabled=search.alert_enabled,
        alert_frequency=search.alert_frequency,
        pace=pace,
    )


def _focus(element: ui.element) -> None:
    ui.run_javascript(f"document.getElementById('{element.html_id}')?.focus()")


class SavedSearchCard:
    def __init__(
        self, view: SavedSearchView, ask_delete: Callable[[SavedSearchCard], Awaitable[None]]
    ) -> None:
        self.id = view.id
        self.name = view.name
        self.alert_enabled = view.alert_enabled
        self.frequency = view.alert_frequency
        self.rename = one_at_a_time(self._rename)
        self.toggle_alert = one_at_a_time(self._toggle_alert)
        self.change_frequency = one_at_a_time(self._change_frequency)
        with ui.element("li").classes("w-full") as self.item:
            card = ui.card().classes("pass-card w-full p-4 gap-2")
        with card:
            with ui.row().classes("w-full items-start justify-between gap-2 no-wrap"):
                with ui.column().classes("gap-2 min-w-0 flex-1"):
                    self.title = heading(view.name, 2).classes("pass-brand break-words w-full")
                    with ui.column().classes("w-full gap-2") as self.editor:
                        self.name_input = text_input(NAME_LABEL)
                        self.name_input.props(f"maxlength={NAME_MAX}")
                        self.name_input.on("keydown.enter", self.rename)
                        self.name_input.on("keydown.escape", self._stop_editing)
                        with ui.row().classes("gap-2 flex-wrap"):
                            ui.button("Enregistrer", on_click=self.rename).props(
                                "unelevated color=primary"
                            )
                            ui.button("Annuler", on_click=self._stop_editing).props(
                                "flat color=primary"
                            )
                    self.editor.set_visibility(False)
                with ui.row().classes("gap-0 no-wrap shrink-0 items-center"):
                    self.pencil = ui.button(icon="edit", on_click=self._start_editing).props(
                        "flat round color=primary"
                    )
                    self.bell = ui.button(on_click=self.toggle_alert).props("flat round")
                    self.bin = ui.button(icon="delete", on_click=lambda: ask_delete(self)).props(
                        "flat round color=negative"
                    )
            ui.label(view.words).classes("text-gray-900 break-words")
            if view.pace is not None:
                with ui.row().classes("items-center gap-1 no-wrap text-sm text-gray-800"):
                    ui.icon("schedule").classes("text-gray-700").props('aria-hidden="true"')
                    ui.label(view.pace).classes("break-words min-w-0")
            with ui.element("fieldset").classes("border-0 p-0 m-0 min-w-0"):
                with ui.element("legend").classes("text-sm text-gray-700"):
                    ui.label("Fréquence de l'alerte")
                self.frequency_choice = (
                    ui.radio(
                        FREQUENCY_LABELS,
                        value=view.alert_frequency.value,
                        on_change=lambda: self.change_frequency(),
                    )
                    # Not dense: a dense radio is 20 px high, under the 24 px a finger needs
                    # (WCAG 2.5.8).
                    .props("inline")
                    .classes("text-sm")
                )
            with ui.row().classes("w-full items-center justify-between gap-x-4 gap-y-1"):
                ui.label(f"Sauvegardée le {view.saved_on}").classes("text-sm text-gray-700")
                ui.link("Relancer la recherche", view.url).classes("font-bold").props(
                    f'aria-describedby="{self.title.html_id}"'
                )
            self.feedback = FormFeedback()
        self._show_name()
        self._show_alert()

    def _show_name(self) -> None:
        self.title.text = self.name
        self.pencil.props["aria-label"] = f"Renommer {self.name}"
        self.bin.props["aria-label"] = f"Supprimer {self.name}"

    def _show_alert(self) -> None:
        on = self.alert_enabled
        self.bell.props["icon"] = "notifications_active" if on else "notifications_off"
        self.bell.props["color"] = "primary" if on else "grey-8"
        self.bell.props["aria-label"] = "Désactiver l'alerte" if on else "Activer l'alerte"
        self.bell.props["aria-pressed"] = "true" if on else "false"

    def _start_editing(self) -> None:
        self.feedback.clear()
        self.name_input.value = self.name
        set_field_error(self.name_input, None)
        self.title.set_visibility(False)
        self.editor.set_visibility(True)
        self.pencil.disable()
        self.name_input.run_method("focus")

    def _stop_editing(self) -> None:
        set_field_error(self.name_input, None)
        self.editor.set_visibility(False)
        self.title.set_visibility(True)
        self.pencil.enable()
        _focus(self.pencil)

    async def _rename(self) -> None:
        candidate = await candidate_or_sign_in(SAVED_SEARCHES_PATH)
        if candidate is None:
            return
        try:
            search = await rename_saved_search(candidate, self.id, self.name_input.value or "")
        except UserErrors as refused:
            show_refusal(refused, self.name_input, self.feedback)
            return
        self.name = search.name
        self._show_name()
        self._stop_editing()
        self.feedback.success("Recherche renommée.")

    async def _toggle_alert(self) -> None:
        candidate = await candidate_or_sign_in(SAVED_SEARCHES_PATH)
        if candidate is None:
            return
        try:
            search = await set_alert(candidate, self.id, not self.alert_enabled)
        except UserErrors as refused:
            show_refusal(refused, self.name_input, self.feedback)
            return
        self.alert_enabled = search.alert_enabled
        self._show_alert()
        self.feedback.success(self._alert_sentence())

    def _alert_sentence(self) -> str:
        if not self.alert_enabled:
            return ALERT_OFF
        return ALERT_DAILY if self.frequency is AlertFrequency.DAILY else ALERT_ON

    async def _change_frequency(self) -> None:
        candidate = await candidate_or_sign_in(SAVED_SEARCHES_PATH)
        if candidate is None:
            return
        try:
            chosen = AlertFrequency(self.frequency_choice.value)
            search = await set_alert_frequency(candidate, self.id, chosen)
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        self.frequency = search.alert_frequency
        if self.alert_enabled:
            self.feedback.success(self._alert_sentence())
        else:
            self.feedback.success(
                "Fréquence enregistrée ; activez l'alerte avec la cloche pour recevoir les e-mails."
            )


class SavedSearchList:
    """The list, newest first, the empty state once nothing is left, and the confirmation
    asked before a deletion."""

    def __init__(self, views: list[SavedSearchView], page_heading: ui.label) -> None:
        self.page_heading = page_heading
        self.target: SavedSearchCard | None = None
        self.delete = one_at_a_time(self._delete)
        frame = card_list_frame(EMPTY_TEXT, "Mes recherches sauvegardées")
        self.status, self.empty, self.list = frame.status, frame.empty, frame.items
        with self.list:
            self.cards = [SavedSearchCard(view, self._ask_delete) for view in views]
        self._show_empty()
        with (
            ui.dialog() as self.dialog,
            ui.card().classes("p-4 gap-3 w-full max-w-md").props('role="alertdialog"') as card,
        ):
            self.dialog_title = heading("", 2)
            text = ui.label(
                "Elle disparaîtra de vos recherches sauvegardées, avec son alerte. Cette action "
                "est définitive."
            )
            card.props(
                f'aria-modal="true" aria-labelledby="{self.dialog_title.html_id}" '
                f'aria-describedby="{text.html_id}"'
            )
            with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
                ui.button("Annuler", on_click=self.dialog.close).props("flat color=primary")
                ui.button("Oui, supprimer", icon="delete", on_click=self.delete).props(
                    "unelevated color=negative"
                )

    def _show_empty(self) -> None:
        self.empty.set_visibility(not self.cards)
        self.list.set_visibility(bool(self.cards))

    async def _ask_delete(self, card: SavedSearchCard) -> None:
        self.target = card
        self.dialog_title.text = f"Supprimer la recherche « {card.name} » ?"
        self.dialog.open()

    async def _delete(self) -> None:
        card = self.target
        self.dialog.close()
        if card is None:
            return
        candidate = await candidate_or_sign_in(SAVED_SEARCHES_PATH)
        if candidate is None:
            return
        try:
            await delete_saved_search(candidate, card.id)
        except UserErrors as refused:
            card.feedback.failure(refused)
            return
        self.target = None
        self.cards.remove(card)
        card.item.delete()
        self.status.text = f"La recherche « {card.name} » est supprimée."
        self.status.set_visibility(True)
        self._show_empty()
        # The focused button is gone with its card: the page starts again from its heading.
        _focus(self.page_heading)
