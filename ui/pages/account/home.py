"""« Mon compte »: the summary the manual shows after signing in, and the ways from it."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account
from models.site_paths import SAVED_OFFERS
from models.site_paths import SAVED_SEARCHES as SAVED_SEARCHES_PATH
from ui.account_forms import form_card, heading, readable_phone
from ui.account_session import (
    ACCOUNT_EDIT,
    ACCOUNT_HOME,
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
                "Mes offres sauvegardées",
                icon="star",
                on_click=lambda: ui.navigate.to(SAVED_OFFERS),
            ).props("outline color=primary")
            ui.button("Se déconnecter", icon="logout", on_click=sign_out_here).props(
                "flat color=primary"
            )
    return None
