"""Security headers on every HTTP response, as a pure ASGI middleware around the whole app.

Pure ASGI rather than Starlette's BaseHTTPMiddleware: it only edits the `http.response.start`
message, so streamed bodies (feeds, downloads) stream as before, and WebSocket and lifespan
scopes pass through untouched.

The policies, and why each directive is what it is:

- NiceGUI pages (any `text/html` response): NiceGUI's page template carries inline scripts
  whose content changes with every page (the import map, the element tree), and nicegui.js runs
  `eval`/`new Function` for `:props`, JavaScript event handlers and `ui.run_javascript`, so
  `script-src` needs 'unsafe-inline' and 'unsafe-eval'; the template has no nonce hook, and
  adding nonces by rewriting the body would also bless any script injected into it. What the
  policy still buys: scripts, styles, fonts and frames only from this origin, no plugins,
  no `<base>` hijack, forms posting only here, no connection to another host (`connect-src`),
  and no framing. Tailwind's browser build and `ui.add_css` inject `<style>` elements, hence
  'unsafe-inline' for styles. Quasar's CSS uses `data:` images and its uploader previews
  picked images through `blob:` URLs. The page talks to socket.io over a WebSocket to its own
  host: CSP 3 lets 'self' match ws:/wss: of the same host, older Safari does not, so that
  address is named too (and socket.io falls back to long polling over HTTP anyway).
- GraphiQL (the HTML of /graphql): Strawberry's page loads React and GraphiQL from unpkg.com
  (pinned versions with subresource integrity) and runs one fixed inline script. Its policy is
  derived from that template: exactly those URLs and the hash of that inline script, so the
  IDE keeps working and nothing else may run there.
- Everything else (JSON, Atom, files, static assets): `default-src 'none'`, so a response
  opened as a document can run and load nothing, and cannot be framed.

HSTS, and `Secure` added to every cookie (NiceGUI's session cookie comes from Starlette's
SessionMiddleware, whose `https_only` is fixed at start-up), are sent when the site is served
over https: the request's scheme is https (uvicorn's `--proxy-headers` sets it from a trusted
proxy's X-Forwarded-Proto) or the configured public address starts with https://.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from html.parser import HTMLParser

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.http.ides import get_graphql_ide_html

__all__ = [
    "API_POLICY",
    "PAGE_POLICY",
    "SecurityHeadersMiddleware",
    "graphiql_policy",
]

GRAPHQL_PATH = "/graphql"

# A year; includeSubDomains is left to whoever owns the domain, as it binds sites we don't run.
HSTS = "max-age=31536000"

# Sent on every response: harmless where a header means nothing (a script, an image).
COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),  # frame-ancestors' older twin, for browsers without CSP 2
    # Search terms sit in the addresses of results pages; other sites get the origin only.
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    # A page opened from here by another site gets no handle on our window, and vice versa.
    ("cross-origin-opener-policy", "same-origin"),
)

PAGE_POLICY = (
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)

API_POLICY = (
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
)

# What a Host header may look like before it is written into a policy: a name or an IPv4
# address, or a bracketed IPv6 address, with an optional port. Anything else (spaces, `;`)
# could smuggle directives into the header.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


class _Resources(HTMLParser):
    """The external scripts and stylesheets of a page, and the hashes of its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.inline_hashes: list[str] = []
        self._inline: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            if src := attributes.get("src"):
                self.scripts.append(src)
            else:
                self._inline = []
        elif tag == "link" and attributes.get("rel") == "stylesheet" and attributes.get("href"):
            self.styles.append(str(attributes["href"]))

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline is not None:
            digest = hashlib.sha256("".join(self._inline).encode()).digest()
            self.inline_hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
            self._inline = None


def graphiql_policy(html: str | None = None) -> tuple[str, ...]:
    """The policy of the GraphiQL page, read from Strawberry's own template so that it follows
    Strawberry upgrades: its CDN files by exact address, its inline script by hash."""
    resources = _Resources()
    resources.feed(get_graphql_ide_html("graphiql") if html is None else html)
    resources.close()
    scripts = " ".join([*resources.scripts, *resources.inline_hashes])
    styles = " ".join(resources.styles)
    return (
        "default-src 'none'",
        f"script-src {scripts}",
        # GraphiQL's editor and React set inline styles; its stylesheets come from the CDN.
        f"style-src 'unsafe-inline' {styles}",
        "img-src 'self' data:",  # the favicon is a data: SVG
        "connect-src 'self'",  # queries over HTTP, subscriptions over a WebSocket, both here
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )


def _with_own_websocket(policy: tuple[str, ...], host: str, https: bool) -> str:
    """The policy, with the WebSocket address of the requested host added to `connect-src`."""
    extra = f" {'wss' if https else 'ws'}://{host}" if _HOST.fullmatch(host) else ""
    return "; ".join(d + extra if d.startswith("connect-src ") else d for d in policy)


def _secure(cookie: bytes) -> bytes:
    attributes = [part.strip().lower() for part in cookie.split(b";")[1:]]
    return cookie if b"secure" in attributes else cookie + b"; Secure"


class SecurityHeadersMiddleware:
    """Adds the headers above to each HTTP response; a header the route set itself is kept."""

    def __init__(self, app: ASGIApp, *, https_site: bool = False) -> None:
        self.app = app
        self.https_site = https_site  # the public address is https://, whatever the scheme
        self.graphiql_policy = graphiql_policy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.https_site or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._headers(scope, list(message.get("headers", [])), https)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _headers(
        self, scope: Scope, headers: list[tuple[bytes, bytes]], https: bool
    ) -> list[tuple[bytes, bytes]]:
        present = {name.lower() for name, _ in headers}
        content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if content_type.lower().startswith(b"text/html"):
            graphiql = scope["path"] == GRAPHQL_PATH
            policy = self.graphiql_policy if graphiql else PAGE_POLICY
        else:
            policy = API_POLICY
        host = next((v for k, v in scope["headers"] if k == b"host"), b"")
        if https:
            headers = [(k, _secure(v) if k.lower() == b"set-cookie" else v) for k, v in headers]
        headers.extend(
            (name, value)
            for name, value in _added_headers(policy, host, https)
            if name not in present
        )
        return headers


@functools.lru_cache(maxsize=256)
def _added_headers(
    policy: tuple[str, ...], host: bytes, https: bool
) -> tuple[tuple[bytes, bytes], ...]:
    """The headers this middleware adds, encoded, per policy and requested host: worked out
    once rather than for each response (the host is the client's to choose, hence a bound)."""
    added = [
        *COMMON_HEADERS,
        ("content-security-policy", _with_own_websocket(policy, host.decode("latin-1"), https)),
    ]
    if https:
        added.append(("strict-transport-security", HSTS))
    return tuple((name.encode(), value.encode("latin-1")) for name, value in added)
