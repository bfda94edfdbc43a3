"""Live events: offers just published, heard by whoever watches (GraphQL subscriptions, open
results pages). A port: the domain announces once its transaction has committed and offers a
subscription; the runtime plugs in the carrier.

The carrier here is in-process fan-out, enough for one web process. The runtime replaces it by
a Redis relay (server.broker) when several processes must hear the same events. Each subscriber
gets a bounded queue: one too slow to keep up (its queue full) is cut off rather than allowed to
hold memory or slow the others; its client sees the end of the subscription and may resubscribe.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Protocol

__all__ = [
    "QUEUE_SIZE",
    "InProcessEvents",
    "LiveEvents",
    "Subscriber",
    "SubscriberGone",
    "announce_published",
    "live_events",
    "use_live_events",
]

log = logging.getLogger(__name__)

QUEUE_SIZE = 256


class SubscriberGone(Exception):
    """Raised to a subscriber that fell too far behind."""


class Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[list[int] | None] = asyncio.Queue(QUEUE_SIZE)

    async def get(self) -> list[int]:
        """The ids of the next offers published; raises SubscriberGone once cut off."""
        item = await self.queue.get()
        if item is None:
            raise SubscriberGone
        return item


class LiveEvents(Protocol):
    async def publish(self, offer_ids: Sequence[int]) -> None: ...

    def subscribe(self) -> AbstractAsyncContextManager[Subscriber]: ...


class InProcessEvents:
    """Fan-out to this process's subscribers."""

    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def publish(self, offer_ids: Sequence[int]) -> None:
        self.deliver(list(offer_ids))

    def deliver(self, offer_ids: list[int]) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber.queue.put_nowait(offer_ids)
            except asyncio.QueueFull:
                self._subscribers.discard(subscriber)
                with suppress(asyncio.QueueEmpty):
                    subscriber.queue.get_nowait()  # room for the end marker
                subscriber.queue.put_nowait(None)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscriber]:
        subscriber = Subscriber()
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)


_events: LiveEvents | None = None


def use_live_events(events: LiveEvents | None) -> None:
    """Plugged in by the runtime at start; None goes back to a fresh in-process carrier."""
    global _events
    _events = events


def live_events() -> LiveEvents:
    global _events
    if _events is None:
        _events = InProcessEvents()
    return _events


async def announce_published(offer_ids: Sequence[int]) -> None:
    """After commit. Best effort: live updates are a convenience, alerts do not depend on them."""
    if not offer_ids:
        return
    try:
        await live_events().publish(offer_ids)
    except Exception as error:
        log.warning("could not announce offers: %s", type(error).__name__)
