"""The page's one polite live region: what changes without the candidate asking, said once.

A results page had a live region per part that changed (the count, the saved-search line, the
new-offers notice): screen readers queue them, and users hear the same count more than once.
The parts now show their text as plain text and say it here."""

from __future__ import annotations

from nicegui import ui

__all__ = ["Announcer"]


class Announcer:
    def __init__(self) -> None:
        # In the page from the start, empty: screen readers read what appears in a region they
        # already know, not a region that appears with its text.
        # pass-announcer: where ui/connection_resilience.js says a lost connection, too.
        self.region = (
            ui.label("")
            .classes("sr-only pass-announcer")
            .props('role="status" aria-live="polite" aria-atomic="true"')
        )

    def say(self, text: str) -> None:
        self.region.text = text
