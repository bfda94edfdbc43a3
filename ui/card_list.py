"""The frame of the account's lists of cards (saved searches, saved offers, applications): a
status line that screen readers hear, the empty state, and the list itself."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import ui

from models.site_paths import SEARCH

__all__ = ["STATUS_BOX", "CardListFrame", "card_list_frame"]

# A confirmation in the site's success colours (« Recherche supprimée. »…).
STATUS_BOX = "p-3 border-l-4 border-green-700 bg-green-50 text-green-900 font-bold"


@dataclass(frozen=True, slots=True)
class CardListFrame:
    status: ui.label  # hidden until something is said
    empty: ui.column  # shown by the list when it has no card
    items: ui.element  # the <ul> the cards go in


def card_list_frame(empty_text: str, list_label: str) -> CardListFrame:
    with ui.element("div").classes("w-full").props('role="status"'):
        status = ui.label("").classes(STATUS_BOX)
        status.set_visibility(False)
    with ui.column().classes("gap-2 items-start") as empty:
        ui.label(empty_text)
        ui.link("Rechercher une offre", SEARCH).classes("font-bold")
    # No list indent: on a phone it is width the cards need.
    items = (
        ui.element("ul")
        .classes("w-full flex flex-col gap-3 p-0 m-0 list-none")
        .props(f'aria-label="{list_label}"')
    )
    return CardListFrame(status, empty, items)
