"""CORS on the real ASGI app, as a page of another site meets it: preflights, reads of the API,
feeds and attachments (errors included), never credentials, nothing on the site's own pages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from nicegui import core
from starlette.types import Message

from server.cors import ALLOWED_HEADERS, EXPOSED_HEADERS
from tests.waiting import PATIENCE
from tests.web_app import app

OTHER_SITE = "https://emplois.exemple.org"
JSON = {"Content-Type": "application/json"}
OFFER_ATTACHMENTS = '{offer(reference:"A-2021-0192"){attachments{url}}}'


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
    json: object = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as http:
        return await http.request(method, path, json=json, content=content, headers=headers)


def _listed(response: httpx.Response, header: str) -> set[str]:
    return {item.strip().lower() for item in response.headers[header].split(",")}


def _assert_readable_anywhere(response: httpx.Response) -> None:
    """What a browser needs to hand the response to a page of any site, and nothing that would
    let it send cookies."""
    assert response.headers.get_list("access-control-allow-origin") == ["*"]
    assert "access-control-allow-credentials" not in response.headers
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert exposed == {h.lower() for h in EXPOSED_HEADERS}
    # The answer is the same whatever the Origin: nothing for a cache to tell apart.
    assert "origin" not in response.headers.get("vary", "").lower()
    # Were it set, anything but cross-origin would make browsers refuse the body.
    assert response.headers.get("cross-origin-resource-policy", "cross-origin") == "cross-origin"


async def _attachment_path() -> str:
    page = await _request("GET", f"/graphql?query={OFFER_ATTACHMENTS}")
    url: str = page.json()["data"]["offer"]["attachments"][0]["url"]
    return urlparse(url).path  # relative or absolute, the path is what the route sees


async def test_a_preflight_for_a_bearer_json_post_is_allowed(demo_db: str) -> None:
    response = await _request(
        "OPTIONS",
        "/graphql",
        headers={
            "Origin": OTHER_SITE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
            "Cookie": "session=whatever",
        },
    )
    assert response.status_code == 204
    assert response.content == b""
    assert "set-cookie" not in response.headers
    assert response.headers.get_list("access-control-allow-origin") == ["*"]
    assert "access-control-allow-credentials" not in response.headers
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert methods == {"GET", "POST", "OPTIONS"}
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert allowed == {h.lower() for h in ALLOWED_HEADERS}
    assert {"authorization", "content-type", "apollo-require-preflight"} <= allowed
    assert int(response.headers["access-control-max-age"]) >= 3600
    assert "origin" not in response.headers.get("vary", "").lower()


@pytest.mark.parametrize("path", ["/flux/offres.atom", "/donnees/offres.csv"])
async def test_feeds_and_open_data_answer_preflights_too(demo_db: str, path: str) -> None:
    response = await _request(
        "OPTIONS",
        path,
        headers={
            "Origin": OTHER_SITE,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "if-none-match" in response.headers["access-control-allow-headers"].lower()


async def test_a_json_post_from_another_site_is_readable(demo_db: str) -> None:
    response = await _request(
        "POST",
        "/graphql",
        json={"query": "{ regions { code } }"},
        headers={"Origin": OTHER_SITE, "Cookie": "session=whatever"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["regions"]
    _assert_readable_anywhere(response)
    assert "set-cookie" not in response.headers


async def test_a_get_query_is_readable_with_or_without_an_origin(demo_db: str) -> None:
    """A CDN may store the copy a script fetched and serve it to a browser: the same headers."""
    with_origin = await _request(
        "GET", "/graphql?query={regions{code}}", headers={"Origin": OTHER_SITE}
    )
    without = await _request("GET", "/graphql?query={regions{code}}")
    for response in (with_origin, without):
        assert response.status_code == 200
        _assert_readable_anywhere(response)


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "code"),
    [
        (
            "POST",
            "/graphql",
            b"{not json",
            JSON,
            400,
            "INVALID_JSON",
        ),
        ("POST", "/graphql", b"{}", JSON, 400, "MISSING_QUERY"),
        (
            "POST",
            "/graphql",
            b"x" * (65 * 1024),
            JSON,
            413,
            "TOO_LARGE",
        ),
        # A form's POST without the header that forces a preflight: still refused (CSRF).
        ("POST", "/graphql", b"query={regions{code}}", {"Content-Type": "text/plain"}, 400, "CSRF"),
        ("PUT", "/graphql", b"{}", JSON, 405, "METHOD_NOT_ALLOWED"),
    ],
)
async def test_errors_are_readable_too(
    demo_db: str,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    """A page shows the API's reason for a refusal, not the browser's « CORS error »."""
    response = await _request(method, path, content=body, headers={"Origin": OTHER_SITE, **headers})
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code
    _assert_readable_anywhere(response)


async def test_an_unauthenticated_answer_is_readable(demo_db: str) -> None:
    response = await _request(
        "POST",
        "/graphql",
        json={"query": "{ me { username } }"},
        headers={"Origin": OTHER_SITE, "Authorization": "Bearer not-a-token"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    _assert_readable_anywhere(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/flux/offres.atom?type=stage", 200),
        ("/flux/offres.atom?domaine=astrologie", 400),
        ("/offres/A-2021-0192/pieces-jointes/999999", 404),
    ],
)
async def test_feeds_and_attachments_are_readable(demo_db: str, path: str, status: int) -> None:
    response = await _request("GET", path, headers={"Origin": OTHER_SITE})
    assert response.status_code == status
    _assert_readable_anywhere(response)


async def test_an_attachment_of_a_public_offer_is_readable(demo_db: str) -> None:
    response = await _request("GET", await _attachment_path(), headers={"Origin": OTHER_SITE})
    assert response.status_code == 200
    assert response.content
    _assert_readable_anywhere(response)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/recherche?q=communication",
        "/offres/A-2021-0192",  # the offer's page, beside its attachments' addresses
        "/connexion",
        "/cette-page-n-existe-pas",
        "/health",
        "/graphqlx",
    ],
)
async def test_the_site_itself_gets_no_cors(demo_db: str, path: str) -> None:
    response = await _request("GET", path, headers={"Origin": OTHER_SITE})
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


async def test_a_preflight_to_a_page_is_not_answered(demo_db: str) -> None:
    response = await _request(
        "OPTIONS",
        "/connexion",
        headers={"Origin": OTHER_SITE, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code != 204
    assert "access-control-allow-origin" not in response.headers


async def test_a_private_document_link_gets_no_cors(demo_db: str) -> None:
    response = await _request(
        "GET", "/mes-documents/1/9999999999/forged", headers={"Origin": OTHER_SITE}
    )
    assert response.status_code == 404
    assert "access-control-allow-origin" not in response.headers


class _Socket:
    """A WebSocket client speaking ASGI to the app in this event loop (httpx has none)."""

    def __init__(self, path: str, headers: dict[str, str], subprotocol: str) -> None:
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message] = asyncio.Queue()
        raw = [
            (k.lower().encode(), v.encode()) for k, v in {"Host": "pass.test", **headers}.items()
        ]
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": raw,
            "client": ("203.0.113.9", 50000),
            "server": ("pass.test", 80),
            "subprotocols": [subprotocol],
            "state": {},
        }
        self.app = asyncio.create_task(app(scope, self.to_app.get, self.from_app.put))

    async def opened(self) -> Message:
        await self.to_app.put({"type": "websocket.connect"})
        return await asyncio.wait_for(self.from_app.get(), PATIENCE)

    async def send(self, message: dict[str, Any]) -> None:
        await self.to_app.put({"type": "websocket.receive", "text": json.dumps(message)})

    async def receive(self) -> dict[str, Any]:
        message = await asyncio.wait_for(self.from_app.get(), PATIENCE)
        assert message["type"] == "websocket.send", message
        received: dict[str, Any] = json.loads(message["text"])
        return received

    async def close(self) -> None:
        await self.to_app.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(self.app, PATIENCE)


async def test_a_page_of_another_site_may_open_a_subscription_socket(demo_db: str) -> None:
    """Browsers apply no CORS to WebSockets; the endpoint accepts any Origin, as it reads no
    cookie: a session cookie does not sign the socket in, only connection_init's token would."""
    socket = _Socket(
        "/graphql",
        {"Origin": OTHER_SITE, "Cookie": "session=whatever"},
        "graphql-transport-ws",
    )
    accepted = await socket.opened()
    assert accepted["type"] == "websocket.accept", accepted
    await socket.send({"type": "connection_init", "payload": {}})
    assert await socket.receive() == {"type": "connection_ack"}
    query = 'subscription { offerPublished(savedSearchId: "1") { reference } }'
    await socket.send({"id": "1", "type": "subscribe", "payload": {"query": query}})
    answer = await socket.receive()
    assert answer["type"] == "next", answer
    assert answer["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await socket.close()
