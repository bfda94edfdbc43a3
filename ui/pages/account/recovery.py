"""« Mot de passe oublié »: asking for a link by e-mail, then choosing a new password with it."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request

from models.accounts import (
    INVALID_LINK,
    request_password_reset,
    reset_link_is_valid,
    reset_password,
)
from models.errors import UserErrors
from models.site_paths import FORGOTTEN_PASSWORD as FORGOTTEN_PATH
from models.site_paths import RESET_PASSWORD as RESET_PATH
from ui.account_forms import (
    FormFeedback,
    form_card,
    heading,
    one_at_a_time,
    password_match_indicator,
    text_input,
)
from ui.account_session import SIGN_IN, forget_session
from ui.frame import frame
from ui.pages.account.register import PASSWORD_HINT

# The same answer whether an account matches or not: the page must not tell who has one.
LINK_SENT = (
    "Si un compte correspond, un e-mail contenant un lien de réinitialisation vient d'être "
    "envoyé. Le lien est valable une heure."
)


@ui.page(FORGOTTEN_PATH)
def forgotten_password(request: Request) -> None:
    # Requests are counted per client address.
    address = request.client.host if request.client is not None else "inconnue"
    with frame("Mot de passe oublié"):
        heading("Mot de passe oublié", 1).classes("mb-2")
        with form_card("Recevoir un lien de réinitialisation"):
            ui.label(
                "Indiquez votre identifiant ou votre adresse e-mail : nous vous envoyons un lien "
                "pour choisir un nouveau mot de passe."
            )
            login = text_input("Identifiant ou adresse e-mail", autocomplete="username")
            feedback = FormFeedback()
            feedback.fields = {"login": login}

            @one_at_a_time
            async def submit() -> None:
                try:
                    await request_password_reset(login.value or "", client_address=address)
                except UserErrors as refused:
                    feedback.failure(refused)
                    return
                feedback.success(LINK_SENT)

            login.on("keydown.enter", submit)
            ui.button("Recevoir le lien", on_click=submit).props("unelevated color=primary")
            ui.link("Retour à la connexion", SIGN_IN)


def _invalid_link() -> None:
    ui.label(INVALID_LINK).classes(
        "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold"
    ).props('role="alert"')
    ui.link("Demander un nouveau lien", FORGOTTEN_PATH).classes("font-bold")


@ui.page(RESET_PATH)
async def new_password(request: Request) -> None:
    token = request.query_params.get("jeton", "")
    valid = await reset_link_is_valid(token)
    with frame("Nouveau mot de passe"):
        heading("Choisir un nouveau mot de passe", 1).classes("mb-2")
        if not valid:
            _invalid_link()
            return
        with ui.column().classes("w-full max-w-2xl gap-2") as outcome:
            # Exists from the start, so that screen readers announce the success.
            done = ui.label("").props('role="status"')
        with form_card("Mon nouveau mot de passe") as card:
            new = text_input(
                "Nouveau mot de passe",
                password=True,
                autocomplete="new-password",
                hint=PASSWORD_HINT,
            )
            confirmation = text_input(
                "Confirmation du nouveau mot de passe", password=True, autocomplete="new-password"
            )
            password_match_indicator(new, confirmation)
            feedback = FormFeedback()
            feedback.fields = {"new_password": new, "new_password_confirmation": confirmation}

            @one_at_a_time
            async def submit() -> None:
                try:
                    await reset_password(
                        token, new_password=new.value or "", confirmation=confirmation.value or ""
                    )
                except UserErrors as refused:
                    if any(error.field == "token" for error in refused.errors):
                        card.delete()  # the link died meanwhile (used in another tab, expired)
                        with outcome:
                            _invalid_link()
                        return
                    feedback.failure(refused)
                    return
                # Every session was closed, this browser's too.
                forget_session()
                card.delete()
                done.text = "Votre mot de passe est modifié : connectez-vous."
                done.classes("p-3 border-l-4 border-green-700 bg-green-50 text-green-900 font-bold")
                with outcome:
                    ui.link("Se connecter", SIGN_IN).classes("text-lg font-bold")

            ui.button("Enregistrer mon nouveau mot de passe", on_click=submit).props(
                "unelevated color=primary"
            )
