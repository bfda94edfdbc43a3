"""CORS for the public API: any web page, on any site, may call it — without credentials.

Which responses: the GraphQL endpoint over HTTP (/graphql), the Atom feeds (/flux/…), the
attachments of offers (public, as the offer page links them) and the open data (/donnees/…).
Nothing else: the NiceGUI site's pages, its socket.io and the candidates' private document links
get no CORS header, so no other site can read them from a visitor's browser.

The policy, the same for every caller:

- `Access-Control-Allow-Origin: *` on every response of those paths, the 4xx JSON errors
  included, whether or not the request says where it comes from. The answer never depends on
  the request's `Origin`, so no `Vary: Origin` is needed and a shared cache may serve one copy to
  browsers and to scripts alike.
- Never `Access-Control-Allow-Credentials`. With `*` a browser refuses to hand a response to a
  page whose request carried cookies or HTTP authentication (`credentials: "include"`), and the
  API reads neither: it authenticates by `Authorization: Bearer <token>`, which a page has to
  set itself, with a token it was given. A page on another site can therefore use the API only
  as its own user, never as the visitor signed in to PASS: nothing a cross-site page can make the
  browser send carries a PASS identity, and what it can read is what any script can read.
- Preflights (`OPTIONS` with `Access-Control-Request-Method`) are answered here, 204 with no
  body and no cookie, before NiceGUI's session middleware and the routes: GET, POST and OPTIONS;
  the headers clients send (`Authorization`, `Content-Type: application/json`, Apollo's
  `Apollo-Require-Preflight` and `X-Apollo-Operation-Name`, `If-None-Match`, `Cache-Control`);
  cached by the browser for a day.
- The response headers a client needs besides the safelisted ones (`Content-Type`,
  `Cache-Control`, `Last-Modified`…) are exposed: `ETag`, `RateLimit`, `RateLimit-Policy`,
  `Retry-After`.

The CSRF guard of server.graphql_app (form-like POSTs need `Apollo-Require-Preflight`) still
holds: it refuses the requests a page could send without a preflight; a request with that header
or with `Content-Type: application/json` is preflighted, and even when the preflight allows it,
the browser sends no PASS cookie that the API would read anyway.

WebSocket subscriptions need nothing here: browsers apply no CORS to WebSockets. Strawberry
refuses handshakes from other origins unless told otherwise, to protect apps whose sockets a
cookie signs in; ours reads the token from the `connection_init` payload (`{"token": "…"}`)
or a handshake's `Authorization` header (which no page can set), never a cookie
(schema.accounts.auth), so server.graphql_app allows every origin (`allowed_origins=["*"]`).

Why this middleware rather than Starlette's CORSMiddleware: that one applies to a whole app
(this one is for a few paths beside NiceGUI's pages), answers preflights 200 with a `text/plain`
body and refuses others with a 400, adds `Vary: Origin` to every response although with `*` the
answer does not vary, and adds its headers only when the request has an `Origin`, which makes a
CDN's copy depend on the first caller. What is left is a constant set of headers, which is
shorter to write than to bend that class into.
"""

from __future__ import annotations

import re

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.site_paths import ATTACHMENT_ROUTE, FEED

__all__ = ["API_PREFIXES", "CORSMiddleware", "is_public_api"]

GRAPHQL_PATH = "/graphql"
FEEDS_PREFIX = FEED.rsplit("/", 1)[0] + "/"  # /flux/
OPEN_DATA_PREFIX = "/donnees/"
API_PREFIXES = (FEEDS_PREFIX, OPEN_DATA_PREFIX)
_ATTACHMENT = compile_path(ATTACHMENT_ROUTE)[0]

ALLOWED_METHODS = ("GET", "POST", "OPTIONS")
ALLOWED_HEADERS = (
    "Authorization",
    "Content-Type",
    "Apollo-Require-Preflight",
    "X-Apollo-Operation-Name",
    "If-None-Match",
    "Cache-Control",
)
EXPOSED_HEADERS = ("ETag", "RateLimit", "RateLimit-Policy", "Retry-After")
MAX_AGE = 24 * 60 * 60  # what Firefox allows; Chromium caps it at 2 hours

_COMMON: tuple[tuple[bytes, bytes], ...] = ((b"access-control-allow-origin", b"*"),)
_ON_RESPONSES = (
    *_COMMON,
    (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode()),
)
_ON_PREFLIGHTS = (
    *_COMMON,
    (b"access-control-allow-methods", ", ".join(ALLOWED_METHODS).encode()),
    (b"access-control-allow-headers", ", ".join(ALLOWED_HEADERS).encode()),
    (b"access-control-max-age", str(MAX_AGE).encode()),
)
_CORS_HEADER = re.compile(rb"access-control-", re.IGNORECASE)


def is_public_api(path: str) -> bool:
    """Whether responses at this path may be read by pages of any site."""
    return (
        path == GRAPHQL_PATH
        or path.startswith(API_PREFIXES)
        or _ATTACHMENT.fullmatch(path) is not None
    )


class CORSMiddleware:
    """The policy above, around the whole app (pure ASGI: streamed bodies stay streamed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_public_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and any(
            name == b"access-control-request-method" for name, _ in scope["headers"]
        ):
            await send(
                {"type": "http.response.start", "status": 204, "headers": list(_ON_PREFLIGHTS)}
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Whatever a route set is replaced: one policy, stated here.
                headers = message.get("headers", [])
                kept = [(k, v) for k, v in headers if not _CORS_HEADER.match(k)]
                message["headers"] = [*kept, *_ON_RESPONSES]
            await send(message)

        await self.app(scope, receive, send_with_cors)
