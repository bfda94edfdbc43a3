"""« Mon compte »: the summary the manual shows after signing in, and the ways from it."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, AccountRole
from models.errors import UserErrors
from models.personal_data import LINK_LIFETIME, request_data_export
from models.site_paths import APPLICATIONS, SAVED_OFFERS
from models.site_paths import SAVED_SEARCHES as SAVED_SEARCHES_PATH
from ui.account_forms import FormFeedback, form_card, heading, one_at_a_time, readable_phone
from ui.account_session import (
    ACCOUNT_EDIT,
    ACCOUNT_HOME,
    candidate_or_sign_in,
    current_candidate,
    sign_in_redirect,
    sign_out_here,
)
from ui.documents_block import documents_summary
from ui.formatting import french_date
from ui.frame import frame


def _summary(candidate: Account) -> None:
    rows = (
        ("Civilité", candidate.civility.label),
        ("Nom", candidate.last_name),
        ("Prénom", candidate.first_name),
        ("Téléphone", readable_phone(candidate.phone) or "non renseigné"),
        ("Adresse e-mail", candidate.email),
        ("Identifiant", candidate.username),
        ("Compte créé le", french_date(candidate.created_at)),
    )
    # A description list: each value is read with its name.
    with ui.element("dl").classes("grid grid-cols-1 sm:grid-cols-[12rem_1fr] gap-x-4 gap-y-1"):
        for name, value in rows:
            with ui.element("dt").classes("font-bold"):
                ui.label(name)
            with ui.element("dd").classes("mb-2 sm:mb-0 break-words"):
                ui.label(value)


class DataExportForm:
    """« Télécharger mes données »: the zip is built in the background and its link mailed,
    since nine documents may take longer than a page can wait."""

    def __init__(self) -> None:
        self.submit = one_at_a_time(self._submit)
        hours = int(LINK_LIFETIME.total_seconds() // 3600)
        with form_card("Mes données", marker="data-export-form"):
            ui.label(
                "Recevez une copie de toutes les données de votre compte : vos informations, "
                "vos recherches sauvegardées et leurs alertes, vos offres sauvegardées, vos "
                "candidatures notées et vos documents, dans un fichier zip. Un lien pour le "
                f"télécharger, valable {hours} heures, vous est envoyé par e-mail. Une demande "
                "toutes les 10 minutes au plus."
            )
            self.feedback = FormFeedback()
            ui.button("Télécharger mes données", icon="download", on_click=self.submit).props(
                "outline color=primary"
            )

    async def _submit(self) -> None:
        candidate = await candidate_or_sign_in(ACCOUNT_HOME)
        if candidate is None:
            return
        try:
            await request_data_export(candidate)
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        self.feedback.success(
            "Demande enregistrée : vous allez recevoir dans quelques minutes, à "
            f"{candidate.email}, un e-mail avec le lien pour télécharger vos données."
        )


@ui.page(ACCOUNT_HOME)
async def account_home(request: Request) -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return sign_in_redirect(request)
    with frame("Mon compte"):
        heading("Mon compte", 1).classes("mb-2")
        ui.label(f"Bonjour {candidate.first_name} {candidate.last_name}.").classes("mb-2")
        with ui.column().classes("w-full gap-4"):
            with form_card("Mes informations personnelles", landmark="region"):
                _summary(candidate)
            await documents_summary(candidate, manage=ACCOUNT_EDIT)
            if candidate.role is AccountRole.CANDIDATE:  # staff data is the administration's
                DataExportForm()
        with ui.row().classes("gap-3 mt-4 flex-wrap"):
            ui.button(
                "Modifier mes informations et mes documents",
                icon="edit",
                on_click=lambda: ui.navigate.to(ACCOUNT_EDIT),
            ).props("unelevated color=primary")
            ui.button(
                "Mes recherches sauvegardées et mes alertes",
                icon="notifications",
                on_click=lambda: ui.navigate.to(SAVED_SEARCHES_PATH),
            ).props("outline color=primary")
            ui.button(
                "Mes candidatures",
                icon="outgoing_mail",
                on_click=lambda: ui.navigate.to(APPLICATIONS),
            ).props("outline color=primary")
            ui.button(
                "Mes offres sauvegardées",
                icon="star",
                on_click=lambda: ui.navigate.to(SAVED_OFFERS),
            ).props("outline color=primary")
            ui.button("Se déconnecter", icon="logout", on_click=sign_out_here).props(
                "flat color=primary"
            )
    return None
