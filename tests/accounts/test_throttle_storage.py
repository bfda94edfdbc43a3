"""Sign-in counters kept in Redis are shared: two web processes see the same failures."""

from __future__ import annotations

from models.accounts.throttle import SignInThrottle
from server.jobs import rate_limit_storage


async def test_two_processes_share_the_counters(redis_url: str) -> None:
    first = SignInThrottle(rate_limit_storage(redis_url))
    second = SignInThrottle(rate_limit_storage(redis_url))  # as another process would
    for _ in range(5):
        assert await second.refusal("zoe", "198.51.100.1") is None
        await first.failed("zoe", "198.51.100.1")
    refusal = await second.refusal("zoe", "198.51.100.1")
    assert refusal is not None and 1 <= refusal.retry_after <= 60
    assert "Réessayez dans" in refusal.message
    await second.succeeded("zoe")
    # The per-address counters keep counting after a success; the per-login ones are cleared.
    assert await first.refusal("zoe", "198.51.100.2") is None
