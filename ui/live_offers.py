"""« 2 nouvelles offres » on an open results page: offers published since the page was shown
that match its criteria, counted live (no reload), shown when the candidate asks.

The page listens to the same broker as the `offerPublished` subscription and decides with the
same matcher as the alerts, so the three agree on what « matches » means.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from nicegui import background_tasks, ui
from nicegui.element import Element

from models.alerts import matches
from models.events import SubscriberGone, live_events
from models.offers import announced_offers
from models.search import SearchCriteria
from ui.announcer import Announcer
from ui.late_elements import beside

__all__ = ["NewOffersNotice", "new_offers_sentence"]

log = logging.getLogger(__name__)


def new_offers_sentence(count: int) -> str:
    if count == 1:
        return "1 nouvelle offre correspond à votre recherche : l'afficher"
    return f"{count} nouvelles offres correspondent à votre recherche : les afficher"


class NewOffersNotice:
    def __init__(
        self,
        criteria: SearchCriteria,
        on_reveal: Callable[[frozenset[int]], Awaitable[None]],
        announcer: Announcer,
        above: Element,
    ) -> None:
        """`above`: the element (the list of offers) that the button goes above."""
        self.criteria = criteria
        self.on_reveal = on_reveal
        self.announcer = announcer
        self.waiting: list[int] = []  # ids of new matching offers not shown yet
        # The count is said by the page's live region (ui.announcer): screen readers hear it
        # without losing their place. The button is made when the first new offer arrives:
        # most pages never need it.
        self.above = above
        self.button: ui.button | None = None
        task = background_tasks.create(self._listen(), name="new offers of a results page")
        ui.context.client.on_delete(task.cancel)

    async def _listen(self) -> None:
        while True:
            try:
                async with live_events().subscribe() as subscriber:
                    while True:
                        await self._take(await subscriber.get())
            except SubscriberGone:
                await asyncio.sleep(1)  # fell behind: listen again from now on
            except asyncio.CancelledError:
                raise
            except Exception:  # a database hiccup must not end the page's listening
                log.exception("live offers of a results page")
                await asyncio.sleep(5)

    async def _take(self, offer_ids: list[int]) -> None:
        rows = await announced_offers(offer_ids)
        fresh = [
            row.id
            for row, facts in rows
            if row.id not in self.waiting and matches(self.criteria, facts)
        ]
        if fresh:
            self.waiting += fresh
            if self.button is None:
                with beside(self.above):
                    self.button = (
                        ui.button(on_click=self._reveal)
                        .props("unelevated color=primary icon=fiber_new no-caps")
                        .classes("w-full sm:w-auto pass-new-offers")
                    )
            self.button.text = new_offers_sentence(len(self.waiting))
            self.announcer.say(self.button.text)
            self.button.set_visibility(True)

    async def _reveal(self) -> None:
        shown = frozenset(self.waiting)
        self.waiting = []
        if self.button is not None:
            self.button.set_visibility(False)
        await self.on_reveal(shown)
