"""« Modifier mes informations et mes documents »: one page, a form for each change."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from ui.account_forms import heading
from ui.account_session import ACCOUNT_EDIT, ACCOUNT_HOME, current_candidate, sign_in_redirect
from ui.documents_block import documents_editor
from ui.frame import frame
from ui.pages.account.edit_forms import DeletionForm, EmailForm, PasswordForm, ProfileForm


@ui.page(ACCOUNT_EDIT)
async def edit_account(request: Request) -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return sign_in_redirect(request)
    with frame("Modifier mes informations"):
        heading("Modifier mes informations et mes documents", 1).classes("mb-1")
        ui.link("Retour à mon compte", ACCOUNT_HOME).classes("inline-block mb-3")
        with ui.column().classes("w-full gap-4"):
            ProfileForm(candidate)
            await documents_editor(candidate, back_to=ACCOUNT_EDIT)
            EmailForm(candidate)
            PasswordForm()
            DeletionForm()
    return None
