"""The invitation link's page: the invited person says who they are, chooses a password, and
is signed in on « Mes offres »."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request

from models.accounts import (
    INVALID_INVITATION,
    ROLE_LABELS,
    Acceptance,
    accept_invitation,
    invitation_for,
)
from models.errors import UserErrors
from models.site_paths import ACCEPT_INVITATION, RECRUITER_OFFERS
from ui.account_forms import (
    FormFeedback,
    civility_radio,
    field_group,
    form_card,
    heading,
    one_at_a_time,
    password_match_indicator,
    text_input,
)
from ui.account_session import remember_session
from ui.frame import frame
from ui.pages.account.register import PASSWORD_HINT, USERNAME_HINT

TITLE = "Créer mon compte recruteur"


def _invalid(where: ui.element) -> None:
    with where:
        ui.label(INVALID_INVITATION).classes(
            "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold max-w-2xl"
        ).props('role="alert"')


@ui.page(ACCEPT_INVITATION)
async def accept_page(request: Request) -> None:
    token = request.query_params.get("jeton", "")
    invitation = await invitation_for(token)
    with frame(TITLE):
        heading(TITLE, 1).classes("mb-2")
        outcome = ui.column().classes("w-full gap-2")
        if invitation is None:
            _invalid(outcome)
            return
        administration = invitation.administration
        ui.label(
            "Cette invitation vous permet d'ouvrir un compte "
            f"{ROLE_LABELS[invitation.role]} sur PASS"
            + (f" pour l'administration « {administration.label} »" if administration else "")
            + f", avec l'adresse {invitation.email}. Tous les champs sont obligatoires."
        ).classes("max-w-2xl mb-2")
        with form_card("Mes informations") as card:
            with field_group("Identité"):
                civility = civility_radio()
                with ui.grid().classes("w-full gap-3 grid-cols-1 sm:grid-cols-2"):
                    last_name = text_input("Nom", autocomplete="family-name")
                    first_name = text_input("Prénom", autocomplete="given-name")
            with field_group("Identifiants de connexion"):
                username = text_input("Identifiant", autocomplete="username", hint=USERNAME_HINT)
                password = text_input(
                    "Mot de passe", password=True, autocomplete="new-password", hint=PASSWORD_HINT
                )
                confirmation = text_input(
                    "Confirmation du mot de passe", password=True, autocomplete="new-password"
                )
                password_match_indicator(password, confirmation)
            feedback = FormFeedback()
            feedback.fields = {
                "civility": civility,
                "last_name": last_name,
                "first_name": first_name,
                "username": username,
                "password": password,
                "password_confirmation": confirmation,
            }

            @one_at_a_time
            async def submit() -> None:
                form = Acceptance(
                    civility=civility.value,
                    last_name=last_name.value or "",
                    first_name=first_name.value or "",
                    username=username.value or "",
                    password=password.value or "",
                    password_confirmation=confirmation.value or "",
                )
                try:
                    _, session = await accept_invitation(token, form)
                except UserErrors as refused:
                    if any(error.field == "token" for error in refused.errors):
                        card.delete()  # used in another tab, or replaced, meanwhile
                        _invalid(outcome)
                        return
                    feedback.failure(refused)
                    return
                remember_session(session, staff=True)
                ui.navigate.to(RECRUITER_OFFERS)

            ui.button("Créer mon compte", on_click=submit).props("unelevated color=primary")
