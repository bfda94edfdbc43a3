"""« Accès candidat »: signing in, with the ways to an account or a new password."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import sign_in
from models.errors import UserErrors
from models.site_paths import FORGOTTEN_PASSWORD, REGISTER
from ui.account_forms import FormFeedback, form_card, heading, one_at_a_time, text_input
from ui.account_session import SIGN_IN, current_candidate, local_path, remember_session
from ui.frame import frame


@ui.page(SIGN_IN)
async def sign_in_page(request: Request) -> RedirectResponse | None:
    after = local_path(request.query_params.get("suite"))
    signed_out = request.query_params.get("deconnexion") == "1"
    if not signed_out and await current_candidate() is not None:
        return RedirectResponse(after, status_code=303)
    # The sign-in throttle counts failures per address as well as per login.
    address = request.client.host if request.client is not None else "inconnue"
    with frame("Accès candidat"):
        heading("Accès candidat", 1).classes("mb-2")
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
                        _, token = await sign_in(
                            login.value or "", password.value or "", client_address=address
                        )
                    except UserErrors as refused:
                        password.value = ""
                        feedback.failure(refused)
                        return
                    remember_session(token)
                    ui.navigate.to(after)

                login.on("keydown.enter", submit)
                password.on("keydown.enter", submit)
                ui.button("Se connecter", on_click=submit).props("unelevated color=primary")
                ui.link("Mot de passe oublié ?", FORGOTTEN_PASSWORD)
            with form_card("Pas encore de compte ?"):
                ui.label(
                    "Un compte candidat permet de déposer vos CV et lettres de motivation, de "
                    "sauvegarder vos recherches et de recevoir par e-mail chaque nouvelle "
                    "offre qui leur correspond. Il n'est pas nécessaire pour consulter les "
                    "offres ni pour postuler."
                )
                ui.link("Créer un compte", REGISTER).classes("font-bold")
    return None
