"""Failed sign-ins slowed then blocked, per login and per client address (limits library).

Counted per login as typed (case-folded), not per existing account, so the answers are the
same whether an account exists or not.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from models.accounts.config import account_config

__all__ = ["Refusal", "SignInThrottle", "forget_throttles", "sign_in_throttle"]

# (limit, what the candidate is told). The per-minute limits slow a guesser down; the hourly
# ones stop it for a while. An address gets more room: several people may share it.
_PER_LOGIN = (parse("5/minute"), parse("20/hour"))
_PER_ADDRESS = (parse("20/minute"), parse("100/hour"))


@dataclass(frozen=True, slots=True)
class Refusal:
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        if self.retry_after <= 90:
            wait = f"{self.retry_after} secondes"
        else:
            wait = f"{math.ceil(self.retry_after / 60)} minutes"
        return (
            "Trop de tentatives de connexion échouées : la connexion est bloquée "
            f"temporairement. Réessayez dans {wait}, ou réinitialisez votre mot de passe."
        )


class SignInThrottle:
    def __init__(self, storage_uri: str) -> None:
        options = {"implementation": "redispy"} if "redis" in storage_uri else {}
        self._storage: Storage = storage_from_string(_async(storage_uri), **options)  # type: ignore[assignment]
        self._limiter = MovingWindowRateLimiter(self._storage)

    def _keys(self, login: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        folded = login.strip().casefold()
        return [(item, "login", folded) for item in _PER_LOGIN] + [
            (item, "address", address) for item in _PER_ADDRESS
        ]

    async def refusal(self, login: str, address: str) -> Refusal | None:
        """A refusal while any limit is spent, with the time until it frees up."""
        waits = []
        for item, kind, key in self._keys(login, address):
            if not await self._limiter.test(item, "sign-in", kind, key):
                stats = await self._limiter.get_window_stats(item, "sign-in", kind, key)
                waits.append(max(1, math.ceil(stats.reset_time - time.time())))
        return Refusal(max(waits)) if waits else None

    async def failed(self, login: str, address: str) -> None:
        for item, kind, key in self._keys(login, address):
            await self._limiter.hit(item, "sign-in", kind, key)

    async def succeeded(self, login: str) -> None:
        folded = login.strip().casefold()
        for item in _PER_LOGIN:
            await self._limiter.clear(item, "sign-in", "login", folded)


def _async(uri: str) -> str:
    return uri if uri.startswith("async+") else f"async+{uri}"


_throttles: dict[str, SignInThrottle] = {}


def sign_in_throttle() -> SignInThrottle:
    uri = account_config().rate_limit_storage
    if uri not in _throttles:
        _throttles[uri] = SignInThrottle(uri)
    return _throttles[uri]


def forget_throttles() -> None:
    """Drops the counters' clients (and, for memory storage, the counts), e.g. between tests."""
    _throttles.clear()
