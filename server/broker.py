"""Fan-out of live events to this process's subscribers, and across processes through Redis.

Each subscriber gets a bounded queue. A subscriber too slow to keep up (its queue full) is
cut off rather than allowed to hold memory or slow the others; its client sees the end of the
subscription and may resubscribe.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress

import redis.asyncio as aioredis

__all__ = [
    "Broker",
    "InProcessBroker",
    "RedisBroker",
    "SubscriberGone",
    "current_broker",
    "use_broker",
]

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
CHANNEL = "pass:offers-published"


class SubscriberGone(Exception):
    """Raised to a subscriber that fell too far behind."""


class _Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[list[int] | None] = asyncio.Queue(QUEUE_SIZE)

    async def get(self) -> list[int]:
        item = await self.queue.get()
        if item is None:
            raise SubscriberGone
        return item


class InProcessBroker:
    def __init__(self) -> None:
        self._subscribers: set[_Subscriber] = set()

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
    async def subscribe(self) -> AsyncIterator[_Subscriber]:
        subscriber = _Subscriber()
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class RedisBroker(InProcessBroker):
    """Publishes on a Redis channel; a listener task hands every message, this process's own
    included, to the local subscribers."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._redis = aioredis.Redis.from_url(url)
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def publish(self, offer_ids: Sequence[int]) -> None:
        await self._redis.publish(CHANNEL, json.dumps(list(offer_ids)))

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen())
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def _listen(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._ready.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.deliver([int(i) for i in json.loads(message["data"])])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis restarted: listen again shortly
                log.warning("live events: Redis listener lost (%s)", type(error).__name__)
                await asyncio.sleep(1)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()


Broker = InProcessBroker

_broker: InProcessBroker | None = None


def current_broker() -> InProcessBroker:
    global _broker
    if _broker is None:
        _broker = InProcessBroker()
    return _broker


def use_broker(broker: InProcessBroker | None) -> None:
    global _broker
    _broker = broker
