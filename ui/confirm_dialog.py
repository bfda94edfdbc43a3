"""A question before an action that cannot be undone: « Supprimer « cv.pdf » ? », answered by
« Supprimer » or « Annuler »."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from ui.account_forms import heading

__all__ = ["ConfirmDialog"]


class ConfirmDialog:
    """One dialog for every question of a block, built on the first question: most visits ask
    none, and every element of an open page stays in the server's memory.

    Accessible as Quasar's dialog makes it: focus kept inside while it is open and given back
    to the button that opened it when it closes; Escape and a click outside answer « Annuler ».
    Focus starts on « Annuler », so that Enter pressed by habit removes nothing."""

    def __init__(
        self, *, explanation: str, confirm: str = "Supprimer", icon: str = "delete"
    ) -> None:
        # Where it is built later: the block being drawn now, not the slot of the button whose
        # click asks the question (a list row, rebuilt once the file is removed).
        self.slot = ui.context.slot
        self.explanation = explanation
        self.confirm = confirm
        self.icon = icon
        self.dialog: ui.dialog | None = None
        self.action: Callable[[], Awaitable[None]] | None = None

    def _build(self) -> ui.dialog:
        with (
            self.slot,
            ui.dialog() as dialog,
            ui.card().classes("p-4 gap-3 w-full max-w-md").props('role="alertdialog"') as card,
        ):
            self.title = heading("", 2)
            text = ui.label(self.explanation)
            card.props(
                f'aria-modal="true" aria-labelledby="{self.title.html_id}" '
                f'aria-describedby="{text.html_id}"'
            )
            with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
                ui.button("Annuler", on_click=dialog.close).props("flat color=primary autofocus")
                ui.button(self.confirm, icon=self.icon, on_click=self._confirmed).props(
                    "unelevated color=negative"
                )
        return dialog

    def ask(self, question: str, action: Callable[[], Awaitable[None]]) -> None:
        """Opens the dialog titled `question`; `action` runs only on « Supprimer »."""
        if self.dialog is None:
            self.dialog = self._build()
        self.title.text = question
        self.action = action
        self.dialog.open()

    async def _confirmed(self) -> None:
        action, self.action = self.action, None
        if self.dialog is not None:
            self.dialog.close()
        if action is not None:  # a second click while the first runs removes nothing more
            await action()
