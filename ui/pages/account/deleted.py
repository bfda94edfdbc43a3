"""Where a candidate lands after deleting their account: signed out, with what happened."""

from __future__ import annotations

from nicegui import ui

from models.site_paths import DELETED_ACCOUNT as DELETED_PATH
from models.site_paths import SEARCH
from ui.account_forms import heading
from ui.frame import frame


@ui.page(DELETED_PATH)
def account_deleted() -> None:
    with frame("Compte supprimé"):
        heading("Compte supprimé", 1).classes("mb-2")
        ui.label(
            "Votre compte candidat et toutes ses informations sont supprimés. Un e-mail vous "
            "le confirme."
        ).props('role="status"')
        ui.label("Vous pouvez toujours consulter les offres sans compte.")
        ui.link("Rechercher une offre", SEARCH)
