"""« Mes recherches sauvegardées et mes alertes »: a candidate's saved searches, newest first."""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.reference import vocabulary
from models.saved_searches import saved_searches_of
from ui.account_forms import heading
from ui.account_session import ACCOUNT_HOME, current_candidate, sign_in_redirect
from ui.frame import frame
from ui.saved_search_cards import SavedSearchList, view_of
from ui.saved_search_save import SAVED_SEARCHES_PATH


@ui.page(SAVED_SEARCHES_PATH)
async def saved_searches(request: Request) -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return sign_in_redirect(request)
    words = await vocabulary()
    views = [await view_of(search, words) for search in await saved_searches_of(candidate)]
    with frame("Mes recherches"):
        title = heading("Mes recherches sauvegardées et mes alertes", 1).classes("mb-1")
        title.props('tabindex="-1"')  # where focus goes once a deleted card is gone
        ui.label(
            "Relancez une recherche en un clic. Activez sa cloche pour recevoir un e-mail à "
            "chaque nouvelle offre qui lui correspond."
        ).classes("mb-3 text-gray-800")
        with ui.column().classes("w-full max-w-3xl gap-3"):
            SavedSearchList(views, title)
            ui.link("Retour à mon compte", ACCOUNT_HOME).classes("mt-2")
    return None
