"""« Accès candidat » and « Accès recruteur »: one sign-in for every account, with the ways to
an account or a new password. A recruiter or admin lands on « Mes offres »."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, sign_in
from models.errors import UserErrors
from models.offers import may_publish
from models.site_paths import FORGOTTEN_PASSWORD, RECRUITER_OFFERS, REGISTER
from ui.account_forms import FormFeedback, form_card, heading, one_at_a_time, text_input
from ui.account_session import (
    ACCOUNT_HOME,
    SIGN_IN,
    current_candidate,
    local_path,
    remember_session,
)
from ui.frame import frame

RECRUITER_SPACE = "recruteur"


def _landing(account: Account, asked: str) -> str:
    """Where a sign-in leads: the page that sent here, else the account's home."""
    if asked:
        return asked
    return RECRUITER_OFFERS if may_publish(account) else ACCOUNT_HOME


def _recruiters_card() -> None:
    with form_card("Pas encore de compte recruteur ?"):
        ui.label(
            "Les comptes recruteur sont ouverts sur invitation : un administrateur de PASS vous "
            "envoie par e-mail un lien, valable 7 jours, pour créer votre compte et choisir votre "
            "mot de passe. Demandez-le à l'administrateur de PASS de votre administration."
        )
        ui.label(
            "Une fois connecté, « Mes offres » montre les offres de votre administration, le "
            "nombre de candidats alertés et de visites de chacune."
        )


def _candidates_card() -> None:
    with form_card("Pas encore de compte ?"):
        ui.label(
            "Un compte candidat permet de déposer vos CV et lettres de motivation, de "
            "sauvegarder vos recherches et de recevoir par e-mail chaque nouvelle "
            "offre qui leur correspond. Il n'est pas nécessaire pour consulter les "
            "offres ni pour postuler."
        )
        ui.link("Créer un compte", REGISTER).classes("font-bold")


@ui.page(SIGN_IN)
async def sign_in_page(request: Request) -> RedirectResponse | None:
    asked = local_path(request.query_params.get("suite"), default="")
    recruiters = request.query_params.get("espace") == RECRUITER_SPACE
    signed_out = request.query_params.get("deconnexion") == "1"
    if not signed_out:
        already = await current_candidate()
        if already is not None:
            return RedirectResponse(_landing(already, asked), status_code=303)
    # The sign-in throttle counts failures per address as well as per login.
    address = request.client.host if request.client is not None else "inconnue"
    title = "Accès recruteur" if recruiters else "Accès candidat"
    with frame(title):
        heading(title, 1).classes("mb-2")
        if signed_out:
            ui.label("Déconnexion effectuée. À bientôt sur PASS.").classes(
                "p-3 mb-2 border-l-4 border-green-700 bg-green-50 text-green-900 font-bold"
            ).props('role="status"')
        with ui.grid().classes("w-full max-w-5xl gap-4 grid-cols-1 md:grid-cols-2 items-start"):
            with form_card("Se connecter"):
                login = text_input("Identifiant ou adresse e-mail", autocomplete="username")
                password = text_input(
                    "Mot de passe", password=True, autocomplete="current-password"
                )
                feedback = FormFeedback()
                feedback.fields = {"login": login, "password": password}

                @one_at_a_time
                async def submit() -> None:
                    try:
                        account, token = await sign_in(
                            login.value or "", password.value or "", client_address=address
                        )
                    except UserErrors as refused:
                        password.value = ""
                        feedback.failure(refused)
                        return
                    remember_session(token, staff=may_publish(account))
                    ui.navigate.to(_landing(account, asked))

                login.on("keydown.enter", submit)
                password.on("keydown.enter", submit)
                ui.button("Se connecter", on_click=submit).props("unelevated color=primary")
                ui.link("Mot de passe oublié ?", FORGOTTEN_PASSWORD)
            if recruiters:
                _recruiters_card()
            else:
                _candidates_card()
    return None
