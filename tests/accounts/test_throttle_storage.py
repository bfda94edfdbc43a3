"""Counters kept in Redis are shared: two web processes see the same failures."""

from __future__ import annotations

from models.accounts.limits_policy import Limit
from models.accounts.throttle import Throttle
from server.runtime import rate_limit_storage


async def test_two_processes_share_the_counters(redis_url: str) -> None:
    first = Throttle(rate_limit_storage(redis_url))
    second = Throttle(rate_limit_storage(redis_url))  # as another process would
    try:
        account = (Limit.SIGN_IN_ACCOUNT, "account:1")
        address = (Limit.SIGN_IN_ADDRESS, "198.51.100.1")
        for _ in range(5):
            assert await second.refusal(account, address) is None
            await first.hit(account, address)
        refusal = await second.refusal(account, address)
        assert refusal is not None and 1 <= refusal.retry_after <= 60
        assert "Réessayez dans" in refusal.message
        await second.clear(account)
        # The per-address counters keep counting after a success; the per-account ones are cleared.
        assert await first.refusal(account, (Limit.SIGN_IN_ADDRESS, "198.51.100.2")) is None
        assert await first.refusal(address) is None  # 5 of its 20 a minute
    finally:
        await first.aclose()
        await second.aclose()
