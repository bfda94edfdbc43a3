"""HTTP caching of the API: what browsers and CDNs may keep, and for how long.

An anonymous GET query of public data (every root field in CACHEABLE_ROOT_FIELDS, no
`Authorization`) is `public, max-age=60` with a strong ETag. The ETag is a hash of what the
answer depends on — the search index's version and the day (server.query_cache's generation),
the document, its variables and operation, the host and `Accept` — so a publication,
a withdrawal or midnight changes it, and an `If-None-Match` that still matches is answered 304
without running the query. No Last-Modified: the index knows its version, not when it changed.

Everything else on /graphql (POST, `viewer`, `me`, `node`, mutations, any request carrying
`Authorization`, answers with errors) is `private, no-store`: POST answers are not cached by
HTTP caches anyway, and saying so leaves no doubt to proxies that cache heuristically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Hashable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.query_cache import get_request, public_request_key, search_generation

__all__ = ["MAX_AGE", "HttpCache", "cacheable", "etag_matches"]

MAX_AGE = 60
PRIVATE = b"private, no-store"
# The answer's media type follows Accept; a cache must not give a token holder's request the
# anonymous answer either (RFC 9111 §3.5 already forbids it for a shared cache).
VARY = b"Accept, Authorization"


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110's weak comparison, which If-None-Match uses."""
    candidates = (tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b","))
    return any(tag in (b"*", etag) for tag in candidates)


def cacheable(request: Request, body: bytes, media_type: str) -> Response:
    """A public answer (e.g. a feed) with an ETag of its body: 304 when the client has it."""
    etag = b'"%s"' % hashlib.sha256(body).hexdigest()[:32].encode()
    headers = {"Cache-Control": f"public, max-age={MAX_AGE}", "ETag": etag.decode()}
    if etag_matches(request.headers.get("if-none-match", "").encode("latin-1"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


class HttpCache:
    def __init__(
        self,
        app: ASGIApp,
        generation: Callable[[], Awaitable[Hashable | None]] | None = None,
        *,
        max_age: int = MAX_AGE,
    ) -> None:
        self.app = app
        self.generation = generation or search_generation
        self.public = b"public, max-age=%d" % max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = await self._etag(scope)
        if found is None:
            await self.app(scope, receive, _with_cache_control(send, PRIVATE))
            return
        etag, generation = found
        headers = dict(scope["headers"])
        if etag_matches(headers.get(b"if-none-match", b""), etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": self._headers(etag),
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        if not messages:
            return  # nobody left to answer
        body = b"".join(m.get("body", b"") for m in messages[1:])
        start = messages[0]
        # Public only when the answer is exactly its generation's, and not an error.
        public = (
            start["status"] == 200
            and b'"errors"' not in body
            and await self.generation() == generation
        )
        extra = self._headers(etag) if public else [(b"cache-control", PRIVATE)]
        start = {**start, "headers": _replace(start.get("headers", []), extra)}
        await send(start)
        for message in messages[1:]:
            await send(message)

    async def _etag(self, scope: Scope) -> tuple[bytes, Hashable] | None:
        """The ETag of a cacheable request and the generation it names, None for a request
        that is not cacheable."""
        if scope["method"] != "GET":
            return None
        headers = dict(scope["headers"])
        if b"authorization" in headers:
            return None
        request = get_request(scope)
        key = public_request_key(request, scope, by_orjson=False) if request else None
        if key is None:
            return None
        generation = await self.generation()
        if generation is None:
            return None
        material = repr((generation, key))
        digest = hashlib.sha256(material.encode()).hexdigest()[:32]
        return b'"%s"' % digest.encode(), generation

    def _headers(self, etag: bytes) -> list[tuple[bytes, bytes]]:
        return [(b"cache-control", self.public), (b"etag", etag), (b"vary", VARY)]


def _replace(
    headers: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    names = {name for name, _ in extra}
    return [(k, v) for k, v in headers if k.lower() not in names] + extra


def _with_cache_control(send: Send, value: bytes) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(name.lower() == b"cache-control" for name, _ in headers):
                headers.append((b"cache-control", value))
            message = {**message, "headers": headers}
        await send(message)

    return sending
