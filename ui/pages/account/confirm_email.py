"""The link of the e-mail-change mail: the new address is taken only when the candidate
presses the button, never on opening the page, since mail scanners open links on their own."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request

from models.accounts import confirm_email_change
from models.errors import UserErrors
from models.site_paths import CONFIRM_EMAIL as CONFIRM_PATH
from ui.account_forms import FormFeedback, form_card, heading, one_at_a_time
from ui.account_session import ACCOUNT_HOME
from ui.frame import frame


@ui.page(CONFIRM_PATH)
def confirm_address(request: Request) -> None:
    token = request.query_params.get("jeton", "")
    with frame("Confirmer ma nouvelle adresse e-mail"):
        heading("Confirmer ma nouvelle adresse e-mail", 1).classes("mb-2")
        with form_card("Changement d'adresse e-mail") as card:
            ui.label(
                "Vous avez demandé à changer l'adresse e-mail de votre compte PASS. Confirmez "
                "que cette adresse est bien la vôtre pour terminer le changement."
            )
            feedback = FormFeedback()  # the link's errors name the field "token": no input

            @one_at_a_time
            async def confirm() -> None:
                try:
                    candidate = await confirm_email_change(token)
                except UserErrors as refused:
                    feedback.failure(refused)
                    return
                button.delete()
                feedback.success(f"Votre adresse e-mail est maintenant {candidate.email}.")
                with card:
                    ui.link("Aller à mon compte", ACCOUNT_HOME)

            button = ui.button("Confirmer ma nouvelle adresse", on_click=confirm).props(
                "unelevated color=primary"
            )
