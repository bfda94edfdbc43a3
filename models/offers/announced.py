"""The offers of a live announcement, loaded once for every listener of this process.

A publication reaches every open subscription and results page of the process at the same
moment; each asking the database for the same rows would make one publication cost a thousand
queries with a thousand listeners. The first listener starts the query, the others await it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from models.alerts.matching import OfferFacts, facts_of
from models.offers.tables import Offer, OfferStatus

__all__ = ["Announced", "announced_offers", "forget_announced_offers", "load_offers"]

# An offer with what the matcher needs of it (its words, stemmed: worth computing once).
Announced = tuple[Offer, OfferFacts]

# How long a load stays shared: listeners are all woken within a few milliseconds.
_KEEP_SECONDS = 10.0
_loads: dict[tuple[int, ...], asyncio.Future[list[Announced]]] = {}


async def load_offers(offer_ids: Sequence[int]) -> list[Announced]:
    """The published ones among these offers, in publication order."""
    rows = await Offer.filter(id__in=list(offer_ids), status=OfferStatus.PUBLISHED)
    return [(row, facts_of(row)) for row in sorted(rows, key=lambda r: r.seq or 0)]


async def announced_offers(offer_ids: Sequence[int]) -> list[Announced]:
    key = tuple(offer_ids)
    load = _loads.get(key)
    if load is None:
        load = asyncio.ensure_future(load_offers(key))
        _loads[key] = load
        loop = asyncio.get_running_loop()

        def forget(done: asyncio.Future[list[Announced]]) -> None:
            # A failed load is not handed to later listeners: they try again.
            delay = 0 if done.cancelled() or done.exception() else _KEEP_SECONDS
            loop.call_later(delay, _loads.pop, key, None)

        load.add_done_callback(forget)
    # shield: a listener that goes away must not cancel the load the others are waiting for.
    return await asyncio.shield(load)


def forget_announced_offers() -> None:
    """Another database: its offers may have the ids of those loaded from the previous one."""
    _loads.clear()
