"""« Inviter un recruteur »: an admin sends someone the link to open a recruiter or admin
account for an administration."""

from __future__ import annotations

from html import escape

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, AccountRole, SentInvitation, invite_staff, recent_invitations
from models.clock import now
from models.errors import UserErrors
from models.recruiting import administrations
from models.site_paths import RECRUITER_OFFERS, STAFF_INVITATIONS
from ui.account_forms import FormFeedback, RadioField, form_card, heading, one_at_a_time, text_input
from ui.account_session import current_candidate, sign_in_redirect
from ui.frame import frame
from ui.pages.recruiter.cells import TABLE_CSS, short_date, table_html
from ui.pages.recruiter.gate import refuse

TITLE = "Inviter un recruteur"
ADMINS_ONLY = "Cette page est réservée aux administrateurs de PASS."
_COLUMNS = ("Adresse e-mail", "Rôle", "Administration", "Envoyée le", "État")
ROLES = {AccountRole.RECRUITER.value: "Recruteur", AccountRole.ADMIN.value: "Administrateur"}


def _state(sent: SentInvitation) -> str:
    if sent.accepted_at is not None:
        return f"acceptée le {short_date(sent.accepted_at)}"
    if sent.expires_at <= now():
        return "expirée : invitez de nouveau"
    return f"en attente, lien valable jusqu'au {short_date(sent.expires_at)}"


async def _recent(admin: Account) -> None:
    sent = await recent_invitations(admin)
    if not sent:
        ui.label("Aucune invitation envoyée pour le moment.")
        return
    rows = [
        (
            escape(s.email, quote=False),
            escape(s.role_label, quote=False),
            escape(s.administration, quote=False) or "—",
            short_date(s.sent_at),
            escape(_state(s), quote=False),
        )
        for s in sent
    ]
    caption = f"Les {len(rows)} dernières invitations" if len(rows) > 1 else "1 invitation"
    table = table_html("Tableau des invitations", caption, _COLUMNS, rows, "pass-invitations-table")
    ui.html(table, sanitize=False).classes("w-full")


@ui.page(STAFF_INVITATIONS)
async def invitations_page(request: Request) -> RedirectResponse | None:
    account = await current_candidate()
    if account is None:
        return sign_in_redirect(request)
    if account.role is not AccountRole.ADMIN:
        refuse(TITLE, ADMINS_ONLY)
        return None
    choices = dict(await administrations())

    # Per page, not per module: a module's refreshable would redraw every admin's open page.
    @ui.refreshable
    async def recent() -> None:
        await _recent(account)

    with frame(TITLE):
        # Short cells kept on one line: on a phone the table scrolls rather than grows tall.
        ui.add_css(TABLE_CSS + ".pass-invitations-table td { white-space: nowrap; }")
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
                await recent.refresh()

            ui.button("Envoyer l'invitation", on_click=submit).props("unelevated color=primary")
        heading("Invitations récentes", 2).classes("mt-6 mb-2")
        await recent()
        ui.link("Retour à « Mes offres »", RECRUITER_OFFERS).classes("mt-3 inline-block")
    return None
