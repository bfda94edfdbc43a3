"""« J'ai écrit au recruteur » on an offer's page: a small form that records in « Mes
candidatures » what the candidate sent, or, once recorded, when they wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from nicegui import ui

from models.accounts import Account
from models.applications import (
    CONTACT_MAX,
    FOLLOW_UP_DEFAULT,
    FOLLOW_UP_MAX,
    FOLLOW_UP_MIN,
    NOTES_MAX,
    Application,
    ApplicationForm,
    application_for_offer,
    offer_contact,
    record_application,
)
from models.clock import today
from models.documents import Document, documents_of
from models.errors import ErrorCode, UserError, UserErrors
from models.offers import Offer
from models.site_paths import ACCOUNT_EDIT, APPLICATIONS, SIGN_IN, offer_path
from ui.account_forms import FormFeedback, heading, one_at_a_time, text_input
from ui.account_session import candidate_or_sign_in, current_candidate, signed_in_as_staff
from ui.formatting import french_date

__all__ = ["ApplicationRecorder", "recorder_for"]

WROTE = "J'ai écrit au recruteur"


@dataclass(slots=True)
class _State:
    offer: Offer
    candidate: Account | None
    visitor: bool
    recorded: Application | None
    documents: list[Document]


async def recorder_for(offer: Offer) -> ApplicationRecorder | None:
    """What the offer page needs, read before the page is built; None for staff, who apply
    to nothing."""
    if signed_in_as_staff():
        return None
    candidate = await current_candidate()
    if candidate is None:
        return ApplicationRecorder(_State(offer, None, True, None, []))
    return ApplicationRecorder(
        _State(
            offer,
            candidate,
            False,
            await application_for_offer(candidate, offer),
            await documents_of(candidate),
        )
    )


def _day(typed: str | None) -> date | UserError:
    try:
        return date.fromisoformat((typed or "").strip())
    except ValueError:
        return UserError("written_on", ErrorCode.INVALID, "Saisissez une date (jj/mm/aaaa).")


class ApplicationRecorder:
    def __init__(self, state: _State) -> None:
        self.state = state
        self.dialog: ui.dialog | None = None
        self.recorded_line: ui.row | None = None
        self.save = one_at_a_time(self._save)

    def show(self, *, open_offer: bool) -> None:
        """Where the offer page calls it: under « Écrire au recruteur » (`open_offer`), or
        on an expired offer, where only an existing record is mentioned."""
        with ui.element("div").classes("w-full"):
            self._block(open_offer)

    @ui.refreshable_method
    def _block(self, open_offer: bool) -> None:
        state = self.state
        here = offer_path(state.offer.reference)
        if state.recorded is not None:
            row = ui.row().classes("items-baseline gap-x-2 gap-y-0 flex-wrap")
            # Where focus goes once the form that recorded it has closed.
            self.recorded_line = row.props('role="status" tabindex="-1"')
            with row:
                ui.label(f"Vous avez écrit le {french_date(state.recorded.written_on)}.")
                ui.link("Voir mes candidatures", APPLICATIONS).classes("font-bold")
        elif not open_offer:
            return
        elif state.visitor:
            with ui.row().classes("items-baseline gap-x-2 gap-y-0 flex-wrap text-sm"):
                ui.label("Vous avez écrit au recruteur ?")
                ui.link(
                    "Connectez-vous pour suivre votre candidature",
                    f"{SIGN_IN}?suite={quote(here, safe='/')}",
                )
        else:
            ui.button(WROTE, icon="task_alt", on_click=self._open).props(
                "outline color=primary no-caps"
            )

    def _open(self) -> None:
        if self.dialog is None:
            self.dialog = self._build()
        self.feedback.clear()
        self.dialog.open()

    def _build(self) -> ui.dialog:
        state = self.state
        with ui.dialog() as dialog, ui.card().classes("w-full max-w-lg p-4 gap-3") as card:
            title = heading("Noter ma candidature", 2)
            card.props(f'role="dialog" aria-modal="true" aria-labelledby="{title.html_id}"')
            ui.label(f"{state.offer.title} – {state.offer.reference}").classes(
                "text-gray-800 break-words"
            )
            self.written_on = text_input(
                "Date d'envoi", value=today().isoformat(), kept=False
            ).props(f"type=date min=2000-01-01 max={today().isoformat()}")
            self.contact = text_input(
                "Destinataire", value=offer_contact(state.offer), kept=False
            ).props(f"maxlength={CONTACT_MAX}")
            with ui.element("fieldset").classes("border-0 p-0 m-0 min-w-0 flex flex-col gap-1"):
                with ui.element("legend").classes("font-bold mb-1"):
                    ui.label("Documents envoyés")
                self.checks = {
                    document.id: ui.checkbox(f"{document.category.label} : {document.filename}")
                    for document in state.documents
                }
                if not state.documents:
                    with ui.row().classes("gap-x-2 gap-y-0 flex-wrap items-baseline text-sm"):
                        ui.label("Vous n'avez pas de document enregistré.")
                        ui.link("Ajouter mes documents", ACCOUNT_EDIT)
            self.notes = (
                ui.textarea("Notes (facultatif)")
                .props(f"outlined stack-label hide-bottom-space maxlength={NOTES_MAX} autogrow")
                .classes("w-full")
            )
            self.remind = ui.checkbox(
                "Me rappeler par e-mail de relancer le recruteur sans réponse", value=True
            )
            self.days = (
                ui.number(
                    "Nombre de jours avant le rappel",
                    value=FOLLOW_UP_DEFAULT,
                    min=FOLLOW_UP_MIN,
                    max=FOLLOW_UP_MAX,
                    precision=0,
                    step=1,
                )
                .props("outlined stack-label hide-bottom-space")
                .classes("w-full sm:w-64")
            )
            self.days.bind_enabled_from(self.remind, "value")
            self.feedback = FormFeedback()
            self.feedback.fields.update(
                written_on=self.written_on,
                contact=self.contact,
                notes=self.notes,
                follow_up_after_days=self.days,  # type: ignore[arg-type]  # errors shown alike
            )
            with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
                ui.button("Annuler", on_click=dialog.close).props("flat color=primary")
                ui.button("Enregistrer", icon="save", on_click=self.save).props(
                    "unelevated color=primary"
                )
        return dialog

    async def _save(self) -> None:
        state = self.state
        candidate = await candidate_or_sign_in(offer_path(state.offer.reference))
        if candidate is None:
            return
        written_on = _day(self.written_on.value)
        days = self.days.value
        if isinstance(written_on, UserError):
            self.feedback.failure(UserErrors([written_on]))
            return
        follow_up = None
        if self.remind.value:
            if days is None or float(days) != int(days):
                self.feedback.failure(
                    UserErrors.one(
                        "follow_up_after_days",
                        ErrorCode.INVALID,
                        f"Choisissez un délai de {FOLLOW_UP_MIN} à {FOLLOW_UP_MAX} jours.",
                    )
                )
                return
            follow_up = int(days)
        try:
            recorded = await record_application(
                candidate,
                state.offer.reference,
                ApplicationForm(
                    written_on=written_on,
                    contact=self.contact.value or "",
                    document_ids=[i for i, box in self.checks.items() if box.value],
                    notes=self.notes.value or "",
                    follow_up_after_days=follow_up,
                ),
            )
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        state.recorded = recorded
        if self.dialog is not None:
            self.dialog.close()
        self._block.refresh()
        if self.recorded_line is not None:
            ui.run_javascript(f"document.getElementById('{self.recorded_line.html_id}')?.focus()")
