"""The short path of a request the API has seen before (a JSON POST of a query whose document
is parsed, bounded and validated already: server.graphql_app's `run`, schema.schema's
`execute`) answers exactly what Strawberry's whole path answers: status, media type and body,
errors and their codes included. Each request is sent with the short paths in place, then
with Strawberry's own methods in their stead, on both engines."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
import strawberry

import schema.schema
import schema.validation
import server.graphql_app
from schema.validation import _documents
from tests.web_app import app

SEARCH = """query Search($filter: OfferFilter, $first: Int, $after: String) {
  offers(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { reference title type location { city } domain { label } } }
    facets { types { value label count selected } regions { value count selected }
      departments { value count } }
  }
}"""
TWO_OPERATIONS = """query Regions { regions { code label } }
query Levels { diplomaLevels { code label } }"""
# (body, accept): what a client may POST, right and wrong.
REQUESTS: dict[str, tuple[dict[str, Any], str | None]] = {
    "search": ({"query": SEARCH, "variables": {"first": 3}}, None),
    "search with facets": (
        {"query": SEARCH, "variables": {"filter": {"types": ["STAGE"], "regions": ["IDF"]}}},
        None,
    ),
    "search by keyword": ({"query": SEARCH, "variables": {"filter": {"keywords": "droit"}}}, None),
    "unknown code": ({"query": SEARCH, "variables": {"filter": {"regions": ["ZZZ"]}}}, None),
    "bad cursor": ({"query": SEARCH, "variables": {"after": "not a cursor"}}, None),
    "bad page size": ({"query": SEARCH, "variables": {"first": 5000}}, None),
    "variable of the wrong type": ({"query": SEARCH, "variables": {"first": "three"}}, None),
    "variable of the wrong type, spec media type": (
        {"query": SEARCH, "variables": {"first": "three"}},
        "application/graphql-response+json",
    ),
    "unknown variable field": (
        {"query": SEARCH, "variables": {"filter": {"colour": "blue"}}},
        None,
    ),
    "named operation": ({"query": TWO_OPERATIONS, "operationName": "Levels"}, None),
    "unknown operation name": ({"query": TWO_OPERATIONS, "operationName": "Nope"}, None),
    "no operation name": ({"query": TWO_OPERATIONS}, None),
    "operation name not a string": ({"query": SEARCH, "operationName": 3}, None),
    "variables not an object": ({"query": SEARCH, "variables": [1]}, None),
    "query not a string": ({"query": 3}, None),
    "typename only": ({"query": "{ __typename }"}, None),
    "introspection": ({"query": "{ __schema { queryType { name } } }"}, None),
    "mutation": ({"query": 'mutation { login(login: "x", password: "y") { token } }'}, None),
    "extensions": ({"query": SEARCH, "extensions": {"tracing": True}}, None),
}


@pytest.fixture
def whole_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strawberry's own `run` and `execute` in place of the short paths."""

    async def no_short_path(self: object, request: object) -> None:
        return None

    monkeypatch.setattr(server.graphql_app._PassGraphQL, "_run_plain", no_short_path)
    monkeypatch.setattr(schema.schema._Schema, "execute", strawberry.Schema.execute)


async def _send(body: dict[str, Any], accept: str | None) -> tuple[int, str, Any]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    headers = {"Cache-Control": "no-cache"}  # past the answer cache: executed each time
    if accept:
        headers["Accept"] = accept
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.post("/graphql", json=body, headers=headers)
    return response.status_code, response.headers["content-type"], response.json()


@pytest.mark.parametrize("name", list(REQUESTS))
async def test_the_short_path_answers_as_the_whole_path(
    demo_db: str, name: str, request: pytest.FixtureRequest
) -> None:
    body, accept = REQUESTS[name]
    first = await _send(body, accept)  # fills the caches the short path reads
    hits = _documents.hits
    short = await _send(body, accept)
    if name in ("search", "search with facets", "bad cursor", "named operation"):
        assert _documents.hits == hits + 1  # the document was found, not parsed again
    request.getfixturevalue("whole_path")
    whole = await _send(body, accept)
    assert short == whole
    assert first == whole


async def test_a_search_page_sent_again_takes_the_short_path(
    demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the comparison above compares: the page sent again is executed straight from the
    caches, its document found ready."""
    found: list[object] = []
    ready = schema.validation.ready_query

    def recorded(*args: Any) -> Any:
        found.append(ready(*args))
        return found[-1]

    monkeypatch.setattr("schema.schema.ready_query", recorded)
    body = {"query": SEARCH, "variables": {"first": 2}}
    await _send(body, None)
    status, _, answer = await _send(body, None)
    assert status == 200 and len(answer["data"]["offers"]["edges"]) == 2
    assert found[-1] is not None


async def _raw_post(headers: list[tuple[bytes, bytes]], body: bytes) -> list[int] | str:
    """The statuses the endpoint starts answering with, as uvicorn would drive it: once the
    body is read, `receive` waits for the client to go."""
    sent: list[MutableMapping[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if chunks:
            return chunks.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"pass.test"), *headers],
        "client": ("203.0.113.7", 5000),
        "server": ("pass.test", 80),
    }
    try:
        await asyncio.wait_for(app(scope, receive, send), 5)
    except TimeoutError:
        return "no answer"
    return [m["status"] for m in sent if m["type"] == "http.response.start"]


@pytest.mark.parametrize("size", [100, 70_000])
async def test_two_content_types_are_refused(db: str, size: int) -> None:
    """The layers before the endpoint read the last Content-Type, Starlette the first: with
    both, a mutation was counted as a read, and an oversize body reached the endpoint, which
    waited for the client instead of answering 413."""
    body = json.dumps(
        {"query": 'mutation { login(login: "x", password: "y") { token } }', "pad": "x" * size}
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-type", b"text/plain"),
        (b"apollo-require-preflight", b"true"),
    ]
    assert await _raw_post(headers, body) == [400]
    # One of them alone: answered as ever.
    assert await _raw_post(headers[:1], body) == ([200] if size < 60_000 else [413])
