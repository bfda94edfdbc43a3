"""The cards of « Mes candidatures »: each record with its offer, date, contact and documents,
its status to change, its notes to edit, and its deletion."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from models.applications import (
    MAX_APPLICATIONS,
    NOTES_MAX,
    Application,
    ApplicationChanges,
    ApplicationStatus,
    applications_page,
    delete_application,
    is_offer_open,
    update_application,
)
from models.errors import UserErrors
from models.site_paths import APPLICATIONS, offer_path
from ui.account_forms import FormFeedback, heading, one_at_a_time
from ui.account_session import candidate_or_sign_in
from ui.card_list import card_list_frame
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import french_date

__all__ = ["EMPTY_TEXT", "PAGE_SIZE", "ApplicationList"]

PAGE_SIZE = 20
EMPTY_TEXT = (
    "Vous n'avez pas encore noté de candidature. Après avoir écrit au recruteur d'une offre, "
    "cliquez sur « J'ai écrit au recruteur » sur sa page : elle apparaîtra ici."
)
STATUS_LABELS = {status.value: status.label for status in ApplicationStatus}


def _reminder(application: Application) -> str:
    if application.reminded_at is not None:
        return f"envoyé le {french_date(application.reminded_at)}"
    if application.follow_up_on is None:
        return "aucun"
    if application.status is not ApplicationStatus.SENT:
        return "aucun (statut changé)"
    return f"le {french_date(application.follow_up_on)}, si la candidature est encore « envoyée »"


class ApplicationCard:
    def __init__(
        self, application: Application, ask_delete: Callable[[ApplicationCard], Awaitable[None]]
    ) -> None:
        self.id = application.id
        self.title = application.offer_title
        self.change_status = one_at_a_time(self._change_status)
        self.save_notes = one_at_a_time(self._save_notes)
        with ui.element("li").classes("w-full") as self.item:
            card = ui.card().classes("pass-card w-full p-4 gap-2")
        with card:
            with ui.row().classes("w-full items-start justify-between gap-2 no-wrap"):
                with ui.column().classes("gap-1 min-w-0 flex-1"):
                    with heading("", 2).classes("pass-brand break-words w-full") as self.heading:
                        if is_offer_open(application):
                            ui.link(
                                application.offer_title, offer_path(application.offer_reference)
                            ).classes("pass-brand")
                        else:
                            ui.label(application.offer_title)
                    with ui.row().classes("gap-x-2 gap-y-0 flex-wrap items-baseline text-sm"):
                        ui.label(application.offer_reference)
                        if application.administration_name:
                            ui.label(f"· {application.administration_name}")
                        if not is_offer_open(application):
                            ui.label("Offre archivée").classes(
                                "px-2 bg-gray-200 text-gray-900 font-bold rounded"
                            )
                self.bin = ui.button(icon="delete", on_click=lambda: ask_delete(self)).props(
                    "flat round color=negative"
                )
                self.bin.props["aria-label"] = f"Supprimer la candidature à {self.title}"
            documents = ", ".join(str(d["name"]) for d in application.documents) or "aucun"
            rows = (
                ("Écrit le", french_date(application.written_on)),
                ("Destinataire", application.contact),
                ("Documents envoyés", documents),
                ("Rappel", _reminder(application)),
            )
            with ui.element("dl").classes(
                "grid grid-cols-1 sm:grid-cols-[11rem_1fr] gap-x-4 gap-y-1 w-full"
            ):
                for name, value in rows:
                    with ui.element("dt").classes("font-bold"):
                        ui.label(name)
                    with ui.element("dd").classes("mb-1 sm:mb-0 break-words min-w-0"):
                        ui.label(value)
            self.status = (
                ui.select(
                    STATUS_LABELS,
                    label="Statut",
                    value=application.status.value,
                    on_change=lambda: self.change_status(),
                )
                .props("outlined stack-label hide-bottom-space")
                .classes("w-full sm:w-64")
            )
            self.notes = (
                ui.textarea("Notes", value=application.notes)
                .props(f"outlined stack-label hide-bottom-space maxlength={NOTES_MAX} autogrow")
                .classes("w-full")
            )
            save = ui.button("Enregistrer les notes", on_click=self.save_notes)
            save.props("outline color=primary no-caps").classes("self-start")
            # Every card has a « Statut » and « Notes »: each is told apart by its offer.
            for control in (self.status, self.notes, save):
                control.props(f'aria-describedby="{self.heading.html_id}"')
            self.feedback = FormFeedback()
            self.feedback.fields["notes"] = self.notes

    async def _change_status(self) -> None:
        candidate = await candidate_or_sign_in(APPLICATIONS)
        if candidate is None:
            return
        changes = ApplicationChanges(status=ApplicationStatus(self.status.value))
        try:
            updated = await update_application(candidate, self.id, changes)
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        self.feedback.success(f"Statut enregistré : {updated.status.label}.")

    async def _save_notes(self) -> None:
        candidate = await candidate_or_sign_in(APPLICATIONS)
        if candidate is None:
            return
        try:
            updated = await update_application(
                candidate, self.id, ApplicationChanges(notes=self.notes.value or "")
            )
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        self.notes.value = updated.notes
        self.feedback.success("Notes enregistrées.")


class ApplicationList:
    """The list, newest first, a page at a time; the empty state once nothing is left; the
    confirmation asked before a deletion."""

    def __init__(
        self,
        applications: list[Application],
        *,
        total: int,
        next_cursor: str | None,
        page_heading: ui.label,
    ) -> None:
        self.page_heading = page_heading
        self.total = total
        self.next_cursor = next_cursor
        self.confirm = ConfirmDialog(
            explanation="Elle disparaîtra de Mes candidatures, avec ses notes. Cette action "
            "est définitive."
        )
        self.more = one_at_a_time(self._more)
        self.count = ui.label("").classes("text-sm text-gray-800")
        frame = card_list_frame(EMPTY_TEXT, "Mes candidatures")
        self.status, self.empty, self.list = frame.status, frame.empty, frame.items
        with self.list:
            self.cards = [ApplicationCard(a, self._ask_delete) for a in applications]
        self.more_button = ui.button(
            "Afficher les candidatures suivantes", icon="expand_more", on_click=self.more
        ).props("outline color=primary no-caps")
        self._show()

    def _show(self) -> None:
        self.empty.set_visibility(not self.cards)
        self.list.set_visibility(bool(self.cards))
        self.more_button.set_visibility(self.next_cursor is not None)
        self.count.set_visibility(self.total > 0)
        plural = "s" if self.total > 1 else ""
        self.count.text = (
            f"{self.total} candidature{plural} suivie{plural} ({MAX_APPLICATIONS} au plus), "
            "de la plus récente à la plus ancienne."
        )

    async def _more(self) -> None:
        candidate = await candidate_or_sign_in(APPLICATIONS)
        if candidate is None or self.next_cursor is None:
            return
        page = await applications_page(candidate, first=PAGE_SIZE, after=self.next_cursor)
        first_new = len(self.cards)
        with self.list:
            self.cards += [ApplicationCard(a, self._ask_delete) for a in page.applications]
        self.next_cursor = page.end_cursor if page.has_next_page else None
        self.total = page.total_count
        self._show()
        if len(self.cards) > first_new:
            # Keyboard users go on from the first card just shown, not from the list's top.
            target = self.cards[first_new].bin.html_id
            ui.run_javascript(f"document.getElementById('{target}')?.focus()")

    async def _ask_delete(self, card: ApplicationCard) -> None:
        async def delete() -> None:
            await self._delete(card)

        self.confirm.ask(f"Supprimer la candidature « {card.title} » ?", delete)

    async def _delete(self, card: ApplicationCard) -> None:
        candidate = await candidate_or_sign_in(APPLICATIONS)
        if candidate is None:
            return
        try:
            await delete_application(candidate, card.id)
        except UserErrors as refused:
            card.feedback.failure(refused)
            return
        self.cards.remove(card)
        card.item.delete()
        self.total -= 1
        self.status.text = f"La candidature « {card.title} » est supprimée."
        self.status.set_visibility(True)
        self._show()
        # The focused button is gone with its card: the page starts again from its heading.
        ui.run_javascript(f"document.getElementById('{self.page_heading.html_id}')?.focus()")
