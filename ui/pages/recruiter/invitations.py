"""« Inviter un recruteur »: an admin sends someone the link to open a recruiter or admin
account for an administration."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import AccountRole, invite_staff
from models.errors import UserErrors
from models.recruiting import administrations
from models.site_paths import RECRUITER_OFFERS, STAFF_INVITATIONS
from ui.account_forms import FormFeedback, RadioField, form_card, heading, one_at_a_time, text_input
from ui.account_session import current_candidate, sign_in_redirect
from ui.frame import frame
from ui.pages.recruiter.gate import refuse

TITLE = "Inviter un recruteur"
ADMINS_ONLY = "Cette page est réservée aux administrateurs de PASS."
ROLES = {AccountRole.RECRUITER.value: "Recruteur", AccountRole.ADMIN.value: "Administrateur"}


@ui.page(STAFF_INVITATIONS)
async def invitations_page(request: Request) -> RedirectResponse | None:
    account = await current_candidate()
    if account is None:
        return sign_in_redirect(request)
    if account.role is not AccountRole.ADMIN:
        refuse(TITLE, ADMINS_ONLY)
        return None
    choices = dict(await administrations())
    with frame(TITLE):
        heading(TITLE, 1).classes("mb-2")
        ui.label(
            "La personne invitée reçoit par e-mail un lien, valable 7 jours et utilisable une "
            "seule fois, pour créer son compte et choisir son mot de passe. Inviter de nouveau "
            "la même adresse envoie un nouveau lien et désactive le précédent."
        ).classes("max-w-2xl mb-2")
        with form_card("Nouvelle invitation"):
            email = text_input(
                "Adresse e-mail de la personne invitée", autocomplete="off", kept=False
            )
            role = RadioField("Rôle", ROLES, AccountRole.RECRUITER.value)
            administration = (
                ui.select(
                    choices,
                    label="Administration",
                    with_input=True,
                    clearable=True,
                )
                .props("outlined stack-label hide-bottom-space")
                .classes("w-full")
            )
            ui.label(
                "Obligatoire pour un recruteur : il ne verra et ne publiera que les offres de "
                "cette administration."
            ).classes("text-sm text-gray-700")
            feedback = FormFeedback()
            feedback.fields = {"email": email, "role": role, "administration": administration}

            @one_at_a_time
            async def submit() -> None:
                try:
                    sent = await invite_staff(
                        account,
                        email=email.value or "",
                        role=role.value,
                        administration=administration.value or None,
                    )
                except UserErrors as refused:
                    feedback.failure(refused)
                    return
                feedback.success(f"Invitation envoyée à {sent.email}. Le lien est valable 7 jours.")
                email.value = ""

            ui.button("Envoyer l'invitation", on_click=submit).props("unelevated color=primary")
        ui.link("Retour à « Mes offres »", RECRUITER_OFFERS).classes("mt-3 inline-block")
    return None
