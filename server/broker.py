"""Live events across processes: every publication goes through a Redis channel, and each
process hands what it hears to its own subscribers (models.events does the local fan-out)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from contextlib import suppress

import redis.asyncio as aioredis

from models.events import InProcessEvents

__all__ = ["CHANNEL", "RedisBroker"]

log = logging.getLogger(__name__)

CHANNEL = "pass:offers-published"
# A request that publishes waits at most this long for Redis (see RedisBroker).
CONNECT_TIMEOUT = 1.0
REPLY_TIMEOUT = 2.0
START_WAIT = 2.0
RETRY_PAUSE = 1.0


class RedisBroker(InProcessEvents):
    """Publishes on a Redis channel; a listener task hands every message, this process's own
    included, to the local subscribers.

    Live events are best effort: while Redis is away a publication fails within
    REPLY_TIMEOUT (the offer is published all the same; other processes' searches catch up
    from the database), and the listener subscribes again by itself once Redis is back."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._redis = aioredis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=REPLY_TIMEOUT
        )
        # The listener's own client: a subscription is silent for long stretches, which a
        # reply timeout would take for a failure. Keepalive notices a vanished server.
        # (A unix socket, the embedded Redis's, has no keepalive option.)
        keepalive = {} if url.startswith("unix:") else {"socket_keepalive": True}
        self._listening = aioredis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, **keepalive
        )
        self._listener: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    @property
    def listening(self) -> bool:
        """Whether this process currently hears publications (its subscription is live)."""
        return self._ready.is_set()

    async def publish(self, offer_ids: Sequence[int]) -> None:
        await self._redis.publish(CHANNEL, json.dumps(list(offer_ids)))

    async def start(self) -> None:
        """Starts listening; waits a moment for the subscription so that a subscriber that
        comes right after hears the next publication, but starts without Redis if it is away."""
        self._listener = asyncio.create_task(self._listen())
        try:
            await asyncio.wait_for(self._ready.wait(), timeout=START_WAIT)
        except TimeoutError:
            log.warning("live events: Redis unreachable, listening as soon as it is back")

    async def _listen(self) -> None:
        lost_since: float | None = None
        while True:
            try:
                async with self._listening.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._ready.set()
                    if lost_since is not None:
                        log.warning(
                            "live events: listening again after %.0f s",
                            time.monotonic() - lost_since,
                        )
                        lost_since = None
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.deliver([int(i) for i in json.loads(message["data"])])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis restarted or away: listen again shortly
                self._ready.clear()
                if lost_since is None:  # once per outage, not once a second
                    lost_since = time.monotonic()
                    log.warning("live events: Redis listener lost (%s)", type(error).__name__)
                await asyncio.sleep(RETRY_PAUSE)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()
        await self._listening.aclose()
