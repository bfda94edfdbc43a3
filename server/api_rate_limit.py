"""Rate limits of the API, reads and writes apart, signalled with RateLimit headers.

Every HTTP request to /graphql counts against one budget of its client: writes (a document
holding a mutation, or a multipart upload) against PASS_API_WRITE_LIMIT, everything else
against PASS_API_READ_LIMIT — an answer from memory or a 304 costs the client a read all the
same. The client is the account behind a valid bearer token, else the client address as the
server sees it (behind a proxy, uvicorn's `--proxy-headers` with FORWARDED_ALLOW_IPS makes it
the visitor's, from X-Forwarded-For).

Fixed windows of the limits library, in the sign-in throttle's storage (Redis when configured,
so every web process shares the counts): a window's end is exactly the `t` the header states.
The headers follow draft-ietf-httpapi-ratelimit-headers-09: `RateLimit-Policy` names both
policies, `RateLimit` states the one the request counted against. Past the limit: 429 with
`Retry-After` and a GraphQL error `RATE_LIMITED`. When the storage cannot be reached the API
stays open (logged): refusing every reader would be worse than counting nobody for a while.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.accounts import account_config, account_for_token
from server.persisted_queries import PersistedQueries
from server.query_cache import encode_json, is_write, read_body

__all__ = ["ApiRateLimit", "close_api_limiters"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Policy:
    name: str  # read or write
    item: RateLimitItem

    @property
    def header(self) -> str:
        return f'"{self.name}";q={self.item.amount};w={self.item.get_expiry()}'


class ApiRateLimit:
    def __init__(
        self, app: ASGIApp, queries: PersistedQueries, read_limit: str, write_limit: str
    ) -> None:
        self.app = app
        self.queries = queries  # to tell what a hash-only request would run
        self.read = _Policy("read", parse(read_limit))
        self.write = _Policy("write", parse(write_limit))
        self.policy_header = f"{self.read.header}, {self.write.header}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        writes, receive = await self._writes(scope, receive)
        policy = self.write if writes else self.read
        subject = await _subject(scope)
        counted = await _count(policy, subject)
        if counted is None:  # storage unreachable: let through, unsignalled
            await self.app(scope, receive, send)
            return
        allowed, remaining, reset = counted
        headers = [
            (b"ratelimit-policy", self.policy_header),
            (b"ratelimit", f'"{policy.name}";r={remaining};t={reset}'.encode()),
        ]
        if not allowed:
            await _too_many(send, headers, policy, reset)
            return

        async def signalled(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, signalled)

    async def _writes(self, scope: Scope, receive: Receive) -> tuple[bool, Receive]:
        """Whether the request counts as a write, and the request's body to read again."""
        if scope["method"] != "POST":
            return False, receive  # GET cannot run a mutation
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        media_type = content_type.split(b";")[0].strip().lower()
        if media_type == b"multipart/form-data":
            return True, receive  # uploads, which only mutations take
        if media_type != b"application/json":
            return False, receive  # refused within, whatever it holds
        body, replay = await read_body(receive)
        if body is None:
            return True, replay  # more than a document: refused within, counted as a write
        query = self.queries.query_of(scope, body)
        return query is not None and is_write(query), replay


async def _subject(scope: Scope) -> str:
    scheme, _, token = dict(scope["headers"]).get(b"authorization", b"").partition(b" ")
    if scheme.lower() == b"bearer" and token.strip():
        try:
            account = await account_for_token(token.strip().decode("latin-1"))
        except Exception:
            # The endpoint will meet the same failure and answer it; count by address here.
            log.exception("API rate limit: the bearer token's account could not be read")
            account = None
        if account is not None:
            return f"account:{account.pk}"
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"


async def _count(policy: _Policy, subject: str) -> tuple[bool, int, int] | None:
    """Whether the request is allowed, what is left and the seconds to the window's end."""
    limiter = _limiter()
    try:
        allowed = await limiter.hit(policy.item, "api", policy.name, subject)
        stats = await limiter.get_window_stats(policy.item, "api", policy.name, subject)
    except StorageError as error:
        log.warning("API rate-limit storage unreachable, not counting: %s", error.storage_error)
        return None
    reset = max(1, math.ceil(stats.reset_time - time.time()))
    return allowed, stats.remaining, reset


async def _too_many(
    send: Send, headers: list[tuple[bytes, bytes]], policy: _Policy, reset: int
) -> None:
    message = (
        f"Too many {policy.name}s: {policy.item.amount} per {policy.item.get_expiry()} seconds "
        f"allowed; retry in {reset} seconds"
    )
    body = encode_json({"errors": [{"message": message, "extensions": {"code": "RATE_LIMITED"}}]})
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
                (b"retry-after", b"%d" % reset),
                (b"cache-control", b"private, no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


_limiters: dict[str, tuple[Storage, FixedWindowRateLimiter]] = {}


def _limiter() -> FixedWindowRateLimiter:
    uri = account_config().rate_limit_storage
    if uri not in _limiters:
        options: dict[str, float | str | bool] = {}
        if "redis" in uri:
            # A Redis that does not answer must not hold every API request for long.
            options = {
                "implementation": "redispy",
                "socket_connect_timeout": 1.0,
                "socket_timeout": 1.0,
            }
        async_uri = uri if uri.startswith("async+") else f"async+{uri}"
        storage: Storage = storage_from_string(  # type: ignore[assignment]
            async_uri, wrap_exceptions=True, **options
        )
        _limiters[uri] = (storage, FixedWindowRateLimiter(storage))
    return _limiters[uri][1]


async def close_api_limiters() -> None:
    """Closes and drops the counters' Redis clients (see Throttle.aclose)."""
    limiters = list(_limiters.values())
    _limiters.clear()
    for storage, _ in limiters:
        client = getattr(getattr(storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()
