"""Counting what accounts and addresses do, against the limits of `limits_policy`.

Moving windows of the limits library, kept in `account_config().rate_limit_storage`: memory in
one process, Redis when there is one, so that every web process shares the counts. When that
storage cannot be reached the throttle fails closed: the operation is refused with a French
« service unavailable » message (code `unavailable`), never let through uncounted.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from models.accounts.config import account_config
from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import POLICIES, Limit
from models.errors import ErrorCode, UserErrors

__all__ = [
    "UNAVAILABLE",
    "Refusal",
    "Throttle",
    "account_subject",
    "close_throttles",
    "forget_throttles",
    "login_subject",
    "throttle",
]

log = logging.getLogger(__name__)

UNAVAILABLE = "Service momentanément indisponible, réessayez dans quelques instants."

T = TypeVar("T")

# A check names a limit and whom it counts: ("sign-in/account", "account:12").
Check = tuple[Limit, str]


def account_subject(account_id: int) -> str:
    return f"account:{account_id}"


def login_subject(login: str) -> str:
    """A login no account has: counted as typed, case-folded."""
    return f"login:{login.strip().casefold()}"


@dataclass(frozen=True, slots=True)
class Refusal:
    limit: Limit
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        if self.retry_after <= 90:
            wait = f"{self.retry_after} secondes"
        else:
            wait = f"{math.ceil(self.retry_after / 60)} minutes"
        return POLICIES[self.limit].refusal.format(wait=wait)

    def error(self, field: str | None = None) -> UserErrors:
        return UserErrors.one(field, AccountErrorCode.TOO_MANY_ATTEMPTS, self.message)


class Throttle:
    def __init__(self, storage_uri: str) -> None:
        options: dict[str, float | str | bool] = {}
        if "redis" in storage_uri:
            # A Redis that does not answer must not hold a sign-in for the default minutes.
            options = {
                "implementation": "redispy",
                "socket_connect_timeout": 2.0,
                "socket_timeout": 2.0,
            }
        self._storage: Storage = storage_from_string(  # type: ignore[assignment]
            _async(storage_uri), wrap_exceptions=True, **options
        )
        self._limiter = MovingWindowRateLimiter(self._storage)

    async def refusal(self, *checks: Check) -> Refusal | None:
        """A refusal while any of the limits is spent (the longest wait), counting nothing."""
        return await _guarded(self._refusal(checks))

    async def hit(self, *checks: Check) -> None:
        """Counts one more for each (e.g. a failure, once it has happened)."""
        await _guarded(self._hit(checks))

    async def spend(self, *checks: Check) -> Refusal | None:
        """Counts one more for each if all have room; else a refusal, counting nothing."""
        refusal = await self.refusal(*checks)
        if refusal is None:
            await self.hit(*checks)
        return refusal

    async def clear(self, *checks: Check) -> None:
        await _guarded(self._clear(checks))

    async def aclose(self) -> None:
        """Closes the counters' Redis connections, if any. The limits library has no way to:
        its Redis storage keeps its client (a redis-py one) as `bridge.storage`."""
        client = getattr(getattr(self._storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()

    async def _refusal(self, checks: tuple[Check, ...]) -> Refusal | None:
        refusals = []
        for limit, subject in checks:
            for item in POLICIES[limit].items:
                if not await self._limiter.test(item, limit, subject):
                    stats = await self._limiter.get_window_stats(item, limit, subject)
                    wait = max(1, math.ceil(stats.reset_time - time.time()))
                    refusals.append(Refusal(limit, wait))
        return max(refusals, key=lambda r: r.retry_after) if refusals else None

    async def _hit(self, checks: tuple[Check, ...]) -> None:
        for limit, subject in checks:
            for item in POLICIES[limit].items:
                await self._limiter.hit(item, limit, subject)

    async def _clear(self, checks: tuple[Check, ...]) -> None:
        for limit, subject in checks:
            for item in POLICIES[limit].items:
                await self._limiter.clear(item, limit, subject)


async def _guarded(step: Awaitable[T]) -> T:
    try:
        return await step
    except StorageError as error:
        # One line: the cause (e.g. « Error 111 connecting to … ») is for the operator only.
        log.warning("rate-limit storage unreachable, refusing: %s", error.storage_error)
        raise UserErrors.one(None, ErrorCode.UNAVAILABLE, UNAVAILABLE) from None


def _async(uri: str) -> str:
    return uri if uri.startswith("async+") else f"async+{uri}"


_throttles: dict[str, Throttle] = {}


def throttle() -> Throttle:
    uri = account_config().rate_limit_storage
    if uri not in _throttles:
        _throttles[uri] = Throttle(uri)
    return _throttles[uri]


async def close_throttles() -> None:
    """Closes and drops the counters' clients, when the process (or its runtime) stops."""
    throttles = list(_throttles.values())
    _throttles.clear()
    for each in throttles:
        await each.aclose()


def forget_throttles() -> None:
    """Drops the counters' clients (and, for memory storage, the counts), e.g. between tests."""
    _throttles.clear()
