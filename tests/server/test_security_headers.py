"""Security headers on the real ASGI app: pages, GraphiQL, the JSON API, feeds, errors, and
what changes when the site is reached over https (through uvicorn's proxy-headers handling)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from nicegui import core
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server.security_headers import SecurityHeadersMiddleware
from server.settings import load_settings, settings
from tests.web_app import app

PROXY = "127.0.0.1"  # the address uvicorn trusts with --forwarded-allow-ips in these tests


@pytest.fixture(autouse=True)
async def _nicegui_loop() -> AsyncIterator[None]:
    """NiceGUI's start-up (a lifespan ASGITransport does not run) gives its pages their loop."""
    previous, core.loop = core.loop, asyncio.get_running_loop()
    yield
    core.loop = previous


async def _request(
    method: str,
    path: str,
    *,
    asgi: ASGIApp = app,
    client: str = "203.0.113.7",
    json: object = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    transport = httpx.ASGITransport(app=asgi, client=(client, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as http:
        return await http.request(method, path, json=json, headers=headers)


def _behind_proxy() -> ASGIApp:
    """What `uvicorn --proxy-headers --forwarded-allow-ips 127.0.0.1` puts in front of the app
    (uvicorn's own middleware; its ASGI types are stricter than Starlette's, hence the casts)."""
    proxied: Any = ProxyHeadersMiddleware(cast(Any, app), trusted_hosts=PROXY)
    return cast(ASGIApp, proxied)


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = response.headers["content-security-policy"].split(";")
    return {name: sources for name, *sources in (d.split() for d in directives if d.strip())}


def _assert_common(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    permissions = response.headers["permissions-policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions
    assert _policy(response)["frame-ancestors"] == ["'none'"]
    assert "strict-transport-security" not in response.headers  # plain http here


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/recherche?type=stage&q=communication", 200),
        ("/offres/A-2021-0192", 200),
        ("/connexion", 200),
        ("/cette-page-n-existe-pas", 404),
    ],
)
async def test_site_pages_get_the_page_policy(demo_db: str, path: str, status: int) -> None:
    response = await _request("GET", path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    _assert_common(response)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    # NiceGUI's inline page scripts and its eval of props and run_javascript need these two.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'", "'unsafe-eval'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["connect-src"] == ["'self'", "ws://pass.test"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    # Every script the page names is on this site; its icon is a data: image.
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', response.text)
    scripts += re.findall(r'<link rel="modulepreload" href="([^"]+)"', response.text)
    assert scripts and all(url.startswith("/_nicegui/") for url in scripts), scripts
    assert re.search(r'<link href="data:image/svg\+xml,[^"]+" rel="shortcut icon"', response.text)


async def test_graphiql_gets_a_policy_made_for_its_page(demo_db: str) -> None:
    response = await _request("GET", "/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
    _assert_common(response)
    policy = _policy(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", "ws://pass.test"]
    # What the served page loads is exactly what its policy allows: the CDN files it names,
    # and its inline script by hash; nothing else (no 'unsafe-inline', no 'unsafe-eval').
    html = response.text
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in inline
    ]
    assert scripts and len(inline) == 1
    assert sorted(policy["script-src"]) == sorted(scripts + hashes)
    stylesheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html, flags=re.S)
    stylesheets += re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html, flags=re.S)
    assert stylesheets
    assert sorted(policy["style-src"]) == sorted(["'unsafe-inline'", *stylesheets])
    assert policy["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "content_type"),
    [
        ("POST", "/graphql", {"query": "{ regions { code } }"}, 200, "application/json"),
        ("GET", "/graphql?query={regions{code}}", None, 200, "application/json"),
        ("GET", "/health", None, 200, "application/json"),
        ("GET", "/flux/offres.atom?type=stage", None, 200, "application/atom+xml"),
        ("GET", "/flux/offres.atom?domaine=astrologie", None, 400, "text/plain"),
        ("GET", "/offres/A-2021-0192/pieces-jointes/999999", None, 404, "text/plain"),
    ],
)
async def test_api_and_feed_responses_may_load_nothing(
    demo_db: str,
    method: str,
    path: str,
    body: object,
    status: int,
    content_type: str,
) -> None:
    response = await _request(method, path, json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
    _assert_common(response)
    assert _policy(response) == {
        "default-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }


async def test_a_header_set_by_the_route_is_kept(demo_db: str) -> None:
    # The offer attachment route sets nosniff itself: it appears once, not twice.
    query = '{offer(reference:"A-2021-0192"){attachments{url}}}'
    page = await _request("GET", f"/graphql?query={query}")
    url = page.json()["data"]["offer"]["attachments"][0]["url"]
    response = await _request("GET", url)
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]


async def test_over_plain_http_the_session_cookie_is_not_secure(demo_db: str) -> None:
    response = await _request("GET", "/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("session=")
    assert "secure" not in cookie.lower()
    assert "strict-transport-security" not in response.headers


async def test_behind_an_https_proxy_hsts_and_a_secure_cookie(demo_db: str) -> None:
    proxied = _behind_proxy()
    response = await _request(
        "GET", "/", asgi=proxied, client=PROXY, headers={"X-Forwarded-Proto": "https"}
    )
    assert response.status_code == 200
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("session=") and "; Secure" in cookie
    assert _policy(response)["connect-src"] == ["'self'", "wss://pass.test"]
    api = await _request(
        "GET", "/health", asgi=proxied, client=PROXY, headers={"X-Forwarded-Proto": "https"}
    )
    assert api.headers["strict-transport-security"] == "max-age=31536000"


async def test_an_untrusted_client_cannot_claim_https(demo_db: str) -> None:
    proxied = _behind_proxy()
    response = await _request("GET", "/", asgi=proxied, headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in response.headers
    assert "secure" not in response.headers["set-cookie"].lower()


async def test_an_https_site_address_makes_it_https_whatever_the_proxy_says(
    demo_db: str,
) -> None:
    assert load_settings({"PASS_SITE_URL": "https://stages.fonction-publique.gouv.fr"}).https_site
    assert not load_settings({"PASS_SITE_URL": "http://localhost:8080"}).https_site
    # The real app as build_app would wrap it with https_site=True: the proxy forwarded plain
    # http without saying the browser used https, and the headers are still those of https.
    response = await _request("GET", "/", asgi=SecurityHeadersMiddleware(app, https_site=True))
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    assert response.headers["set-cookie"].count("; Secure") == 1
    # build_app installs the middleware once, told what the configured address says.
    installed = [
        m.kwargs for m in app.user_middleware if cast(object, m.cls) is SecurityHeadersMiddleware
    ]
    assert installed == [{"https_site": settings().https_site}]


async def test_a_forged_host_cannot_add_directives(demo_db: str) -> None:
    response = await _request("GET", "/", headers={"Host": "evil.test; script-src *"})
    assert _policy(response)["connect-src"] == ["'self'"]
    assert "script-src *" not in response.headers["content-security-policy"]
