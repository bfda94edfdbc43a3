"""« Page introuvable »: an unknown address answers 404 with the site's frame, in French,
instead of NiceGUI's English error page."""

from __future__ import annotations

from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, ui
from nicegui.page import page
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from models.site_paths import HOME, SEARCH, SITE_PLAN
from ui.account_forms import heading
from ui.frame import frame

__all__ = ["install_not_found_page"]

TITLE = "Page introuvable"


async def _not_found(request: Request, exception: Exception) -> Response:
    endpoint = request.scope.get("endpoint")
    if (
        endpoint is not None
        and endpoint is not app
        and not request.scope.get("nicegui_page_path")
        and isinstance(exception, HTTPException)
    ):
        # A plain route's own 404 (a download, NiceGUI's resources) stays a short answer.
        return await http_exception_handler(request, exception)
    with Client(page(""), request=request) as client, frame(TITLE):
        heading(TITLE, 1).classes("mb-2")
        ui.label(
            "L'adresse demandée ne correspond à aucune page du site : elle est peut-être mal "
            "saisie, ou la page a été déplacée."
        )
        with ui.element("ul").classes("list-disc pl-5 mt-2"):
            for text, href in (
                ("Rechercher une offre", SEARCH),
                ("Retour à l'accueil", HOME),
                ("Plan du site", SITE_PLAN),
            ):
                with ui.element("li"):
                    ui.link(text, href)
    return client.build_response(request, 404)


def install_not_found_page() -> None:
    app.add_exception_handler(404, _not_found)
