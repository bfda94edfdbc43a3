"""Who may open the recruiters' pages: signed-in recruiters (and admins); some only admins."""

from __future__ import annotations

from nicegui import ui

from models.accounts import Account, AccountRole
from ui.account_forms import heading
from ui.frame import frame

__all__ = ["is_staff", "refuse"]


def refuse(title: str, message: str) -> None:
    """The page a signed-in account whose role does not reach it gets instead."""
    with frame(title):
        heading(title, 1).classes("mb-2")
        ui.label(message).classes(
            "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold max-w-2xl"
        ).props('role="alert"')
        ui.link("Retour à l'accueil", "/").classes("mt-2")


def is_staff(account: Account) -> bool:
    return account.role in (AccountRole.RECRUITER, AccountRole.ADMIN)
