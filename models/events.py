"""Live events the domain announces once its transaction has committed.

The web process plugs in the broker (server.broker): in-process by default, Redis pub/sub when
several processes must hear the same events. Without one, announcements go nowhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

__all__ = ["announce_published", "use_announcer"]

Announcer = Callable[[Sequence[int]], Awaitable[None]]


async def _nowhere(offer_ids: Sequence[int]) -> None:
    return None


_announcer: Announcer = _nowhere


def use_announcer(announcer: Announcer | None) -> None:
    global _announcer
    _announcer = announcer or _nowhere


async def announce_published(offer_ids: Sequence[int]) -> None:
    if offer_ids:
        await _announcer(offer_ids)
