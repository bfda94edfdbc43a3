"""« Sauvegarder ma recherche » on the results page: a name asked in a small dialog, the page's
criteria saved under it. Saving needs an account: a visitor is sent to sign in first, and
comes back to the same results afterwards, where the search is saved under its default name
without a second click (the address carries `sauvegarder=1` for that)."""

from __future__ import annotations

from nicegui import ui
from nicegui.element import Element

from models.alerts import expected_per_week, pace_sentence
from models.clock import now
from models.errors import UserErrors
from models.reference import Vocabulary
from models.saved_searches import NAME_MAX, describe_criteria, save_search
from models.search import SearchCriteria
from models.site_paths import SAVED_SEARCHES as SAVED_SEARCHES_PATH
from ui.account_forms import FormFeedback, heading, one_at_a_time, set_field_error, text_input
from ui.account_session import candidate_or_sign_in, current_candidate
from ui.announcer import Announcer
from ui.formatting import french_date
from ui.late_elements import beside

__all__ = [
    "NAME_LABEL",
    "SAVED_SEARCHES_PATH",
    "SAVED_TEXT",
    "SAVE_ON_RETURN",
    "SaveSearchButton",
    "default_name",
    "show_refusal",
]

SAVED_TEXT = "Recherche sauvegardée : retrouvez-la dans Mes recherches."
# In the address the sign-in page returns a visitor to: save once back, signed in.
SAVE_ON_RETURN = "sauvegarder"
# Drops the marker from the address as soon as it is used: a reload, a bookmark or a shared
# link must not save the search again.
_FORGET_MARKER = (
    "(() => { const u = new URL(location.href); u.searchParams.delete('"
    + SAVE_ON_RETURN
    + "'); history.replaceState(history.state, '', u); })()"
)
# Said by the page's live region: worded apart from the line shown, which is found by its text.
_SAVED_SAID = "Sauvegarde faite : votre recherche est dans Mes recherches."
NAME_LABEL = "Nom de la recherche"
_STATUS_BOX = "p-3 border-l-4 border-green-700 bg-green-50 text-green-900"


def default_name(criteria: SearchCriteria) -> str:
    """The keywords when there are some, else « Ma recherche du 23 novembre »."""
    if criteria.keywords:
        return criteria.keywords[:NAME_MAX].strip()
    day_and_month = french_date(now()).rsplit(" ", 1)[0]
    return f"Ma recherche du {day_and_month}"


def show_refusal(errors: UserErrors, name: ui.input, feedback: FormFeedback) -> None:
    """A wrong name under its input, and only there: with a single field, a « one field to
    correct » line would only repeat it (and outlive the correction, which clears the input's
    message as soon as it is typed). Anything else (the 50 searches limit, a search deleted
    from another tab) in the alert line."""
    on_name = [e.message for e in errors.errors if e.field == "name"]
    others = [e for e in errors.errors if e.field != "name"]
    if others:
        feedback.failure(UserErrors(others))
    else:
        feedback.clear()
    set_field_error(name, " ".join(on_name) or None)
    if on_name:
        name.run_method("focus")


class SaveSearchButton:
    """The button and its dialog; `status_line()` places the confirmation. `back_to` is the
    page's own address: where the sign-in page returns a visitor (or someone whose session
    ended meanwhile)."""

    def __init__(
        self, criteria: SearchCriteria, words: Vocabulary, *, back_to: str, signed_in: bool
    ) -> None:
        self.criteria = criteria
        self.words = words
        marker = f"{SAVE_ON_RETURN}=1"
        # A visitor comes back from the sign-in page to this address, which asks to save.
        self.back_to_save = (
            back_to
            if marker in back_to.split("?", 1)[-1].split("&")
            else f"{back_to}{'&' if '?' in back_to else '?'}{marker}"
        )
        self.save = one_at_a_time(self._save)
        self.status: ui.html | None = None
        self.status_below: Element | None = None
        self.dialog: ui.dialog | None = None
        with ui.column().classes("gap-1 items-start"):
            self.button = ui.button(
                "Sauvegarder ma recherche", icon="bookmark_add", on_click=self._ask
            ).props("outline color=primary")
            if not signed_in:
                # Read with the button at every width; shown from tablets up, where it does
                # not push a phone's first offer out of sight.
                explanation = ui.label(
                    "La sauvegarde demande un compte candidat : connectez-vous, vous reviendrez "
                    "ensuite sur ces résultats."
                ).classes("text-sm text-gray-700 max-w-sm sr-only md:not-sr-only")
                self.button.props(f'aria-describedby="{explanation.html_id}"')

    def _build_dialog(self) -> ui.dialog:
        # Built on the first click, not with the page: most visitors never open it, and every
        # element of an open page is kept in the server's memory until the page closes.
        with ui.dialog() as dialog, ui.card().classes("p-4 gap-3 w-full max-w-md") as card:
            title = heading("Sauvegarder ma recherche", 2).classes("pass-brand")
            summary = ui.label(
                f"Critères : {describe_criteria(self.criteria, self.words)}"
            ).classes("text-gray-800 break-words")
            # Seen before an alert is switched on (in « Mes recherches »): how many mails it
            # would bring, to widen or narrow the search first.
            self.pace = ui.label("").classes("text-sm text-gray-800 break-words")
            card.props(
                f'role="dialog" aria-modal="true" aria-labelledby="{title.html_id}" '
                f'aria-describedby="{summary.html_id} {self.pace.html_id}"'
            )
            self.name = text_input(NAME_LABEL, hint=f"{NAME_MAX} caractères au plus.")
            self.name.props(f"maxlength={NAME_MAX} autofocus")
            # The default name is selected: typing replaces it, an arrow key keeps it.
            self.name.on("focus", js_handler="(event) => event.target.select()")
            self.name.on("keydown.enter", self.save)
            self.feedback = FormFeedback()
            with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
                ui.button("Annuler", on_click=dialog.close).props("flat color=primary")
                ui.button("Sauvegarder", icon="bookmark_add", on_click=self.save).props(
                    "unelevated color=primary"
                )
        return dialog

    def status_line(self, announcer: Announcer, below: Element) -> None:
        """The confirmation appears right below `below`, once the dialog is closed, and is left
        there; `announcer` says it."""
        self.announcer = announcer
        self.status_below = below

    def _confirm(self) -> None:
        if self.status_below is None or self.status is not None:
            return
        self.announcer.say(_SAVED_SAID)
        with beside(self.status_below, after=True):
            self.status = ui.html(
                f'<div class="nicegui-row row w-full items-center gap-x-3 gap-y-1 flex-wrap '
                f'{_STATUS_BOX}"><span class="font-bold">{SAVED_TEXT}</span>'
                f'<a href="{SAVED_SEARCHES_PATH}" class="nicegui-link font-bold">'
                "Voir mes recherches</a></div>",
                sanitize=False,
            ).classes("w-full")

    async def save_on_return(self) -> None:
        """Back from the sign-in page the button sent a visitor to: saves the search under its
        default name, as the click before the sign-in asked. A refusal (the 50 searches limit,
        a name already taken) opens the dialog with it, to choose what to do."""
        ui.run_javascript(_FORGET_MARKER)
        candidate = await current_candidate()
        if candidate is None:  # not signed in after all: the button is there as before
            return
        try:
            await save_search(candidate, default_name(self.criteria), self.criteria)
        except UserErrors as refused:
            await self._ask()
            show_refusal(refused, self.name, self.feedback)
            return
        self._confirm()

    async def _ask(self) -> None:
        if await candidate_or_sign_in(self.back_to_save) is None:
            return
        if self.dialog is None:
            self.dialog = self._build_dialog()
        self.pace.text = pace_sentence(await expected_per_week(self.criteria), "Avec une alerte :")
        self.name.value = default_name(self.criteria)
        self.name.error = None
        self.feedback.clear()
        self.dialog.open()

    async def _save(self) -> None:
        candidate = await candidate_or_sign_in(self.back_to_save)
        if candidate is None:
            return
        try:
            await save_search(candidate, self.name.value or "", self.criteria)
        except UserErrors as refused:
            show_refusal(refused, self.name, self.feedback)
            return
        if self.dialog is not None:
            self.dialog.close()
        self._confirm()
