"""« Mes candidatures »: what a candidate wrote to recruiters, newest first."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.applications import applications_page
from models.site_paths import APPLICATIONS
from ui.account_forms import heading
from ui.account_session import ACCOUNT_HOME, current_candidate, sign_in_redirect
from ui.application_cards import PAGE_SIZE, ApplicationList
from ui.frame import frame


@ui.page(APPLICATIONS)
async def applications(request: Request) -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return sign_in_redirect(request)
    page = await applications_page(candidate, first=PAGE_SIZE)
    with frame("Mes candidatures"):
        title = heading("Mes candidatures", 1).classes("mb-1")
        title.props('tabindex="-1"')  # where focus goes once a deleted card is gone
        ui.label(
            "Les candidatures ne se déposent pas sur PASS : vous écrivez au recruteur. Notez ici "
            "ce que vous avez envoyé, suivez son statut, et recevez un rappel par e-mail pour "
            "relancer le recruteur resté sans réponse."
        ).classes("mb-3 text-gray-800")
        with ui.column().classes("w-full max-w-3xl gap-3"):
            ApplicationList(
                page.applications,
                total=page.total_count,
                next_cursor=page.end_cursor if page.has_next_page else None,
                page_heading=title,
            )
            ui.link("Retour à mon compte", ACCOUNT_HOME).classes("mt-2")
    return None
