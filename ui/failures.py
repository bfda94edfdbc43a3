"""What a visitor sees when a page or a click fails in an unexpected way: a French message with
an error id, the same id logged with the traceback — never the internal message."""

from __future__ import annotations

import contextlib
import logging

from nicegui import app, ui

from models.errors import internal_error_message, new_error_id
from ui.pages.not_found import install_not_found_page

__all__ = ["install_failure_pages"]

log = logging.getLogger("pass.failures")


def _page_failed(error: Exception) -> None:
    error_id = new_error_id()
    log.error("page failed %s", error_id, exc_info=(type(error), error, error.__traceback__))
    with ui.column().classes("q-pa-lg").props('role="alert"'):
        ui.label("Une erreur s'est produite").classes("text-h4")
        ui.label(internal_error_message(error_id))
        ui.link("Retour à l'accueil", "/")


def _action_failed(error: Exception) -> None:
    error_id = new_error_id()
    log.error("action failed %s", error_id, exc_info=(type(error), error, error.__traceback__))
    # A background task has no page to speak to.
    with contextlib.suppress(RuntimeError):
        ui.notify(internal_error_message(error_id), type="negative", multi_line=True)


def install_failure_pages() -> None:
    app.on_page_exception(_page_failed)
    install_not_found_page()
    app.on_exception(_action_failed)
