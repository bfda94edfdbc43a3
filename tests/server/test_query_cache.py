"""Repeated read queries of public data are answered from memory, and never stale: a
publication or an archiving changes the answer at once; private data is never kept."""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

import httpx
from starlette.types import Receive, Scope, Send

from models.accounts.tables import AccountRole
from models.offers.editing import archive_offer, create_offer, publish_offer
from server.query_cache import PublicQueryCache
from tests.offers.test_editing import offer_draft, staff
from tests.web_app import app

COUNT = "query Count($f: OfferFilter) { offers(filter: $f, first: 1) { totalCount } }"


class _Endpoint:
    """A small real ASGI endpoint that says how often it ran."""

    def __init__(self, status: int = 200, body: dict[str, Any] | None = None) -> None:
        self.calls, self.status, self.body = 0, status, body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        request = json.loads((await receive())["body"])
        answer = self.body or {"data": {"run": self.calls, "echo": request.get("variables")}}
        payload = json.dumps(answer).encode()
        await send(
            {
                "type": "http.response.start",
                "status": self.status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _client(cache: PublicQueryCache) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=cache), base_url="http://pass.test")


async def _ask(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


async def test_same_question_same_generation_runs_once() -> None:
    """Whoever asks: public answers do not depend on the token."""
    generation: list[Hashable] = [1]

    async def current() -> Hashable:
        return generation[0]

    endpoint = _Endpoint()
    cache = PublicQueryCache(endpoint, current)
    async with _client(cache) as client:
        first = await _ask(client, COUNT, {"f": {"types": ["STAGE"]}})
        again = await _ask(client, COUNT, {"f": {"types": ["STAGE"]}}, Authorization="Bearer a")
        other = await _ask(client, COUNT, {"f": {"types": ["APPRENTISSAGE"]}})
        assert first == again == {"data": {"run": 1, "echo": {"f": {"types": ["STAGE"]}}}}
        assert other["data"]["run"] == 2
        generation[0] = 2  # the index changed
        assert (await _ask(client, COUNT, {"f": {"types": ["STAGE"]}}))["data"]["run"] == 3
        fresh = await _ask(
            client, COUNT, {"f": {"types": ["STAGE"]}}, **{"Cache-Control": "no-cache"}
        )
        assert fresh["data"]["run"] == 4
    assert endpoint.calls == 4


async def test_private_writes_and_failures_are_never_kept() -> None:
    async def current() -> Hashable:
        return 1

    endpoint = _Endpoint()
    cache = PublicQueryCache(endpoint, current)
    async with _client(cache) as client:
        for _ in range(2):
            await _ask(client, "{ me { email } }")
            await _ask(client, "{ viewer { email } }")
            await _ask(client, "mutation { logout }")
            await _ask(client, "{ offers { totalCount } me { email } }")
            await _ask(client, "{ offers { totalCount } viewer { ... on Candidate { email } } }")
            await _ask(client, "query A { offers { totalCount } } mutation B { logout }", None)
            await _ask(client, "{ offers(")  # unparsable: the endpoint answers
    assert endpoint.calls == 14

    failing = _Endpoint(body={"data": None, "errors": [{"message": "x"}]})
    cache = PublicQueryCache(failing, current)
    async with _client(cache) as client:
        await _ask(client, COUNT)
        await _ask(client, COUNT)
    assert failing.calls == 2


async def test_oldest_answers_make_room() -> None:
    async def current() -> Hashable:
        return 1

    endpoint = _Endpoint()
    cache = PublicQueryCache(endpoint, current, max_entries=3)
    async with _client(cache) as client:
        for n in range(5):
            await _ask(client, COUNT, {"f": {"keywords": str(n)}})
        await _ask(client, COUNT, {"f": {"keywords": "4"}})  # kept
        await _ask(client, COUNT, {"f": {"keywords": "0"}})  # evicted
    assert endpoint.calls == 6


async def _total(client: httpx.AsyncClient) -> int:
    body = await _ask(client, COUNT, {"f": {"administrations": ["culture"]}})
    return int(body["data"]["offers"]["totalCount"])


async def test_the_site_answers_change_with_publications(db: str) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        recruiter = await staff(AccountRole.RECRUITER)
        assert await _total(client) == 0
        assert await _total(client) == 0
        offer = await create_offer(recruiter, offer_draft())
        await publish_offer(recruiter, offer.reference)
        assert await _total(client) == 1
        assert await _total(client) == 1
        await archive_offer(recruiter, offer.reference)
        assert await _total(client) == 0
