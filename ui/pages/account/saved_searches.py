"""« Mes recherches »: a placeholder until saved searches exist (another issue replaces it)."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from ui.account_forms import heading
from ui.account_session import ACCOUNT_HOME, current_candidate, sign_in_redirect
from ui.frame import frame


@ui.page("/mes-recherches")
async def saved_searches(request: Request) -> RedirectResponse | None:
    if await current_candidate() is None:
        return sign_in_redirect(request)
    with frame("Mes recherches"):
        heading("Mes recherches sauvegardées et mes alertes", 1).classes("mb-2")
        ui.label("Vous n'avez pas encore de recherche sauvegardée.")
        ui.link("Rechercher une offre", "/recherche")
        ui.link("Retour à mon compte", ACCOUNT_HOME)
    return None
