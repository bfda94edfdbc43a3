"""Automatic persisted queries (Apollo's protocol): a query sent once by hash and text can then
be asked by its hash alone, over GET, and that GET is cacheable like any public query."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import httpx

from server.persisted_queries import QueryStore
from tests.web_app import app

QUERY = '{ offer(reference: "A-2021-0192") { title } }'
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pass.test")


def _extensions(sha256: str = HASH, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256}}


async def _get_by_hash(client: httpx.AsyncClient, **headers: str) -> httpx.Response:
    params = {"extensions": json.dumps(_extensions())}
    return await client.get("/graphql", params=params, headers=headers)


async def test_hash_then_get(demo_db: str) -> None:
    async with _client() as client:
        # The app lives as long as the test run: a query of this test's own, unknown to it.
        query = QUERY.replace("title", "title reference") + f" # {uuid.uuid4()}"
        sha256 = hashlib.sha256(query.encode()).hexdigest()
        params = {"extensions": json.dumps(_extensions(sha256))}
        unknown = await client.get("/graphql", params=params)
        assert unknown.status_code == 200
        assert unknown.json() == {
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        }
        assert unknown.headers["cache-control"] == "private, no-store"

        registered = await client.post(
            "/graphql", json={"query": query, "extensions": _extensions(sha256)}
        )
        title = "Apprenti Marketing et expérience client/usager (F/H)"
        expected = {"data": {"offer": {"title": title, "reference": "A-2021-0192"}}}
        assert registered.json() == expected

        by_hash = await client.get("/graphql", params=params)
        assert by_hash.status_code == 200
        assert by_hash.json() == expected
        assert by_hash.headers["cache-control"] == "public, max-age=60"
        again = await client.get(
            "/graphql", params=params, headers={"If-None-Match": by_hash.headers["etag"]}
        )
        assert again.status_code == 304

        posted = await client.post("/graphql", json={"extensions": _extensions(sha256)})
        assert posted.json() == expected


async def test_hash_mismatch_and_malformed_extensions(demo_db: str) -> None:
    async with _client() as client:
        wrong = hashlib.sha256(b"something else").hexdigest()
        mismatch = await client.post(
            "/graphql", json={"query": QUERY, "extensions": _extensions(wrong)}
        )
        assert mismatch.status_code == 400
        assert mismatch.json()["errors"][0]["extensions"]["code"] == (
            "PERSISTED_QUERY_HASH_MISMATCH"
        )
        # Nothing was kept under the wrong hash.
        params = {"extensions": json.dumps(_extensions(wrong))}
        missing = await client.get("/graphql", params=params)
        assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

        version = await client.post("/graphql", json={"extensions": _extensions(version=2)})
        assert version.status_code == 400
        assert version.json()["errors"][0]["extensions"]["code"] == (
            "PERSISTED_QUERY_NOT_SUPPORTED"
        )
        short = await client.post("/graphql", json={"extensions": _extensions("abc")})
        assert short.status_code == 400
        assert short.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"


async def test_a_persisted_mutation_runs_by_hash(demo_db: str) -> None:
    async with _client() as client:
        mutation = "mutation { logout }"
        sha256 = hashlib.sha256(mutation.encode()).hexdigest()
        first = await client.post(
            "/graphql", json={"query": mutation, "extensions": _extensions(sha256)}
        )
        by_hash = await client.post("/graphql", json={"extensions": _extensions(sha256)})
        assert by_hash.json() == first.json()
        assert by_hash.headers["cache-control"] == "private, no-store"


def test_the_store_keeps_the_most_recently_used() -> None:
    store = QueryStore(max_entries=2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"
    store.put("c", "{ c }")
    assert store.get("b") is None
    assert (store.get("a"), store.get("c")) == ("{ a }", "{ c }")
    small = QueryStore(max_bytes=10)
    small.put("a", "{ aaaa }")
    small.put("b", "{ bbbb }")
    assert (small.get("a"), small.get("b")) == (None, "{ bbbb }")
