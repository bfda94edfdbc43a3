"""Requests written to hurt: documents that cost far more than their size, malformed bodies,
values the database cannot take. Each is refused quickly with a 4xx or a GraphQL error that
has a code, internal messages never reach the client, and /health keeps answering meanwhile
(issue 9, findings 1 and 6)."""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import connections

from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.offers.tables import Offer as OfferRow
from schema.limits import COST_BUDGET, MAX_ALIASES, MAX_DEPTH
from tests.accounts.helpers import new_candidate
from tests.offers.test_editing import staff
from tests.schema.graphql import post
from tests.services import REDIS_URL, fresh_database, need
from tests.web_app import app

FACET_NAMES = (
    "types",
    "diplomaLevels",
    "domains",
    "administrations",
    "regions",
    "departments",
    "countries",
)
FACETS = "facets { " + " ".join(f"{f} {{ value label count selected }}" for f in FACET_NAMES) + " }"
# Every field of Offer, as a client showing a full page would ask.
OFFER_FIELDS = (
    "id reference type title status employerDescription postDescription profile "
    "additionalInformation comments diplomaLevel { code label } domain { code label } "
    "administration { code label } service workplace location { city } contractStart "
    "contact { name email phone url } publishedAt expiresOn expired url "
    "attachments { filename contentType size url }"
)
FULL_PAGE_FIELDS = (
    "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
    f"edges {{ cursor node {{ {OFFER_FIELDS} }} }} {FACETS}"
)
FULL_PAGE = f"{{ offers(first: 100) {{ {FULL_PAGE_FIELDS} }} }}"


def fragment_bomb(levels: int) -> str:
    """Each fragment spreads the next twice: 2**levels fields from ~50 bytes a level."""
    chain = [
        f"fragment L{i} on OfferConnection {{ ...L{i + 1} ...L{i + 1} }}" for i in range(levels)
    ]
    chain.append(f"fragment L{levels} on OfferConnection {{ totalCount }}")
    return "{ offers { ...L0 } } " + " ".join(chain)


def nested(levels: int) -> str:
    return "{ " + "a { " * levels + "b" + " }" * levels + " }"


ALIASED_SEARCHES = (
    "{ "
    + " ".join(
        f"s{i}: offers(first: 100) {{ totalCount edges {{ node {{ reference title }} }} {FACETS} }}"
        for i in range(MAX_ALIASES)
    )
    + " }"
)
REPEATED_FIELD = "{ regions { " + "code " * 1990 + "} }"  # ~10 KB, under the token limit
FRAGMENT_CHAIN = (
    " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(150))
    + " fragment F150 on Query { __typename }"
)

# (document, code of the refusal)
HOSTILE: dict[str, tuple[str, str]] = {
    "fragment bomb, 19 levels": (fragment_bomb(19), "TOO_MANY_FIELDS"),
    "fragment bomb, 30 levels": (fragment_bomb(30), "TOO_MANY_FIELDS"),
    "one field 1,990 times": (REPEATED_FIELD, "TOO_MANY_FIELDS"),
    "200 copies of a selection": ("{" + " regions { code }" * 200 + " }", "TOO_MANY_FIELDS"),
    "15 aliased searches of 100 with facets": (ALIASED_SEARCHES, "QUERY_TOO_COMPLEX"),
    "16 aliases": (
        "{ " + " ".join(f"r{i}: regions {{ code }}" for i in range(MAX_ALIASES + 1)) + " }",
        "TOO_MANY_ALIASES",
    ),
    "depth 11": (nested(MAX_DEPTH + 1), "QUERY_TOO_DEEP"),
    "depth 150": (nested(150), "QUERY_TOO_DEEP"),
    "depth 11 through fragments": (
        "{ ...D0 } "
        + " ".join(f"fragment D{i} on Query {{ a {{ ...D{i + 1} }} }}" for i in range(11))
        + " fragment D11 on Query { b }",
        "QUERY_TOO_DEEP",
    ),
    "a chain of 150 fragments": ("{ ...F0 } " + FRAGMENT_CHAIN, "QUERY_TOO_DEEP"),
    "150 fragments at one place": (
        "{ "
        + " ".join(f"...T{i}" for i in range(150))
        + " } "
        + " ".join(f"fragment T{i} on Query {{ __typename }}" for i in range(150)),
        "TOO_MANY_FIELDS",
    ),
    "two introspections": (
        "{ a: __schema { types { name } } b: __schema { types { name } } }",
        "QUERY_TOO_COMPLEX",
    ),
}


async def _timed_post(client: httpx.AsyncClient, body: dict[str, Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    response = await client.post("/graphql", json=body)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed, response.json()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        yield client


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_a_costly_document_is_refused_at_once(client: httpx.AsyncClient, name: str) -> None:
    """Refused before anything runs (no database needed), in a few milliseconds: before,
    the 19-level bomb took 9.3 s and the 30-level one never finished."""
    document, code = HOSTILE[name]
    assert len(document.encode()) < 64 * 1024
    timings = []
    for _ in range(3):  # the first may pay imports and cold caches
        elapsed, body = await _timed_post(client, {"query": document})
        timings.append(elapsed)
        assert "data" not in body  # refused before execution
        assert code in [e["extensions"]["code"] for e in body["errors"]], body
    # Milliseconds on a quiet machine; a limiter that re-walked the document would take
    # seconds. The bound leaves room for a machine busy with other tests.
    assert min(timings) < 0.15, timings


async def test_the_refusal_of_a_costly_query_gives_its_cost_and_the_budget(
    client: httpx.AsyncClient,
) -> None:
    _, body = await _timed_post(client, {"query": ALIASED_SEARCHES})
    [error] = [e for e in body["errors"] if e["extensions"]["code"] == "QUERY_TOO_COMPLEX"]
    cost = error["extensions"]["cost"]
    assert cost > COST_BUDGET == error["extensions"]["budget"]
    assert f"costs {cost}" in error["message"]
    assert f"budget is {COST_BUDGET}" in error["message"]


async def test_the_cost_counts_the_page_size_given_in_a_variable(
    client: httpx.AsyncClient,
) -> None:
    """Three full pages of 100 are over the budget, whether `first` is written or passed."""
    query = (
        "query($n: Int) { "
        + " ".join(f"p{i}: offers(first: $n) {{ {FULL_PAGE_FIELDS} }}" for i in range(3))
        + " }"
    )
    _, body = await _timed_post(client, {"query": query, "variables": {"n": 100}})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"]


async def test_fragment_cycles_are_answered_without_looping(client: httpx.AsyncClient) -> None:
    for document in (
        "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }",
        "{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...A ...A }",
    ):
        elapsed, body = await _timed_post(client, {"query": document})
        assert "data" not in body
        assert any("cannot spread fragment" in e["message"].lower() for e in body["errors"])
        assert elapsed < 1


async def test_a_document_over_the_token_limit_is_refused(client: httpx.AsyncClient) -> None:
    _, body = await _timed_post(client, {"query": "{ regions { " + "code " * 2500 + "} }"})
    assert "token" in body["errors"][0]["message"].lower()


async def test_huge_variables_are_coerced_quickly(client: httpx.AsyncClient) -> None:
    # Coerced in full, though the field is skipped (so no database is needed).
    query = (
        "query($f: OfferFilter) { __typename offers(filter: $f) @skip(if: true) { totalCount } }"
    )
    variables = {"f": {"domains": ["mot"] * 9_000}}  # ~60 KB of JSON
    timings = []
    for _ in range(3):
        elapsed, body = await _timed_post(client, {"query": query, "variables": variables})
        timings.append(elapsed)
        assert body == {"data": {"__typename": "Query"}}
    # ~12 ms on a quiet machine; coercion that went quadratic would take seconds. The bound
    # leaves room for a machine busy with other tests.
    assert min(timings) < 0.15, timings


async def test_graphiql_introspection_passes_and_is_answered_from_a_thread(
    client: httpx.AsyncClient,
) -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    for _ in range(2):
        _, body = await _timed_post(client, {"query": query})
        assert "errors" not in body
        names = {t["name"] for t in body["data"]["__schema"]["types"]}
        assert {"Offer", "OfferConnection", "Query"} <= names


async def test_parse_and_validation_caches_hit_across_requests(client: httpx.AsyncClient) -> None:
    from schema.validation import _documents, _verdicts

    query = "query CacheProbe { regions { code label } departments { code } }"
    # Past the answer cache (server.query_cache), which answers a repeated public query without
    # parsing it once a search index exists (as an earlier test may leave one).
    fresh = {"Cache-Control": "no-cache"}
    assert (await client.post("/graphql", json={"query": query}, headers=fresh)).status_code == 200
    parsed, validated = _documents.hits, _verdicts.hits
    assert (await client.post("/graphql", json={"query": query}, headers=fresh)).status_code == 200
    assert _documents.hits == parsed + 1
    assert _verdicts.hits == validated + 1


# --- normal pages still pass (both engines) --------------------------------------------------


async def test_a_full_page_with_every_field_and_facet_passes(demo_db: str) -> None:
    body = await post(FULL_PAGE)
    assert "errors" not in body, body["errors"]
    page = body["data"]["offers"]
    assert page["edges"] and all(f in page["facets"] for f in FACET_NAMES)


async def test_the_readme_examples_pass(demo_db: str) -> None:
    search = """query {
      offers(filter: {types: [STAGE], keywords: "numérique", regions: ["IDF"]}, first: 10) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { reference title location { city } } }
        facets {
          types { value label count selected }
          domains { value label count selected }
        }
      }
    }"""
    one = """query {
      offer(reference: "A-2021-0192") {
        title employerDescription diplomaLevel { label } contact { email }
        attachments { filename size url }
      }
      regions { code label }
      domains { code label }
    }"""
    for query in (search, one):
        body = await post(query)
        assert "errors" not in body, body["errors"]


async def test_small_pages_fit_several_times_in_the_budget(demo_db: str) -> None:
    query = (
        "query($n: Int) { "
        + " ".join(f"p{i}: offers(first: $n) {{ {FULL_PAGE_FIELDS} }}" for i in range(3))
        + " }"
    )
    body = await post(query, {"n": 5})
    assert "errors" not in body, body["errors"]


# --- values the database cannot take ---------------------------------------------------------


async def test_an_over_long_reference_is_simply_not_found(demo_db: str) -> None:
    reference = "A-2021-" + "9" * 23  # 30 characters, the column holds 20
    body = await post("query($r: String!) { offer(reference: $r) { title } }", {"r": reference})
    assert body == {"data": {"offer": None}}
    node_id = base64.b64encode(f"Offer:{reference}".encode()).decode()
    body = await post("query($id: ID!) { node(id: $id) { id } }", {"id": node_id})
    assert body == {"data": {"node": None}}


async def test_an_unknown_type_in_a_global_id_is_a_client_error(demo_db: str) -> None:
    node_id = base64.b64encode(b"Nope:1").decode()
    body = await post("query($id: ID!) { node(id: $id) { id } }", {"id": node_id})
    assert body["errors"][0]["extensions"] == {"code": "INVALID_ID"}


async def test_over_long_references_and_ids_in_mutations_are_user_errors(db: str) -> None:
    recruiter = await open_session(await staff(AccountRole.RECRUITER))
    body = await post(
        "mutation($r: String!) { publishOffer(reference: $r) { userErrors { field code } } }",
        {"r": "S-2026-" + "0" * 40},
        token=recruiter,
    )
    assert body["data"]["publishOffer"]["userErrors"] == [
        {"field": "reference", "code": "NOT_FOUND"}
    ]
    candidate = await open_session(await new_candidate())
    for raw in ("9" * 30, "99999999999", "-1", "١٢"):
        body = await post(
            "mutation($id: ID!) { deleteSavedSearch(id: $id) { ok userErrors { code } } }",
            {"id": raw},
            token=candidate,
        )
        assert body["data"]["deleteSavedSearch"] == {
            "ok": False,
            "userErrors": [{"code": "NOT_FOUND"}],
        }, raw


async def test_an_unexpected_failure_is_masked_and_logged_with_its_id(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A real database failure (the table is gone): the client gets the French message and
    an id, the log gets the same id with the traceback, never the other way round."""
    table = OfferRow._meta.db_table
    await connections.get("default").execute_script(f"ALTER TABLE {table} RENAME TO {table}_gone")
    with caplog.at_level(logging.INFO):
        body = await post('{ offer(reference: "A-2021-0192") { title } }')
    [error] = body["errors"]
    error_id = error["extensions"]["errorId"]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert error["message"] == (
        "Une erreur inattendue s'est produite. Réessayez plus tard ; si elle persiste, "
        f"signalez-la avec l'identifiant {error_id}."
    )
    leaked = str(body["errors"]).lower()
    assert "table" not in leaked and "exist" not in leaked and "relation" not in leaked
    [logged] = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged.levelno == logging.ERROR and logged.exc_info is not None


# --- client mistakes are one line in the log ------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "{ me { email } }",
        "{ offers(filter: {types: [NOPE]}) { totalCount } }",
        "{ nothingHere }",
        fragment_bomb(19),
    ],
)
async def test_a_client_mistake_is_logged_in_one_line_without_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, query: str
) -> None:
    with caplog.at_level(logging.INFO):
        _, body = await _timed_post(client, {"query": query})
    assert body["errors"] and all("INTERNAL_ERROR" not in str(e) for e in body["errors"])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.exc_info]
    assert [r for r in caplog.records if r.name == "pass.graphql" and r.levelno == logging.INFO]


# --- malformed requests: a 4xx JSON answer with a code --------------------------------------

JSON = {"content-type": "application/json"}
FORM = {"apollo-require-preflight": "true"}
MULTIPART = {"content-type": "multipart/form-data; boundary=x", **FORM}


def _multipart(*parts: tuple[str, str]) -> bytes:
    body = "".join(
        f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in parts
    )
    return (body + "--x--\r\n").encode()


MALFORMED: dict[str, tuple[bytes, dict[str, str], str]] = {
    "a number": (b"42", JSON, "INVALID_REQUEST"),
    "null": (b"null", JSON, "INVALID_REQUEST"),
    "a string": (b'"str"', JSON, "INVALID_REQUEST"),
    "a list (batch)": (b"[]", JSON, "BATCH_NOT_SUPPORTED"),
    "30,000 nested arrays": (b"[" * 30_000 + b"]" * 30_000, JSON, "INVALID_JSON"),
    "10,000 nested objects": (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, JSON, "INVALID_JSON"),
    "invalid UTF-8 in a string": (b'{"query": "{ __typename \xff }"}', JSON, "INVALID_JSON"),
    "invalid UTF-8 in a key": (b'{"que\xc3ry": "{ __typename }"}', JSON, "INVALID_JSON"),
    "a lone surrogate": (
        b'{"query": "{ offer(reference: \\"\\ud800\\") { title } }"}',
        JSON,
        "INVALID_JSON",
    ),
    "not JSON": (b"{query", JSON, "INVALID_JSON"),
    "no content type": (b'{"query": "{ __typename }"}', {}, "UNSUPPORTED_CONTENT_TYPE"),
    "XML": (b"<query/>", {"content-type": "application/xml"}, "UNSUPPORTED_CONTENT_TYPE"),
    "text/plain": (
        b"{ __typename }",
        {"content-type": "text/plain", **FORM},
        "UNSUPPORTED_CONTENT_TYPE",
    ),
    "no query": (b"{}", JSON, "MISSING_QUERY"),
    "an empty query": (b'{"query": ""}', JSON, "MISSING_QUERY"),
    "query not a string": (b'{"query": 5}', JSON, "INVALID_REQUEST"),
    "variables not an object": (
        b'{"query": "{ __typename }", "variables": [1]}',
        JSON,
        "INVALID_REQUEST",
    ),
    "operationName not a string": (
        b'{"query": "{ __typename }", "operationName": 5}',
        JSON,
        "INVALID_REQUEST",
    ),
    "extensions not an object": (
        b'{"query": "{ __typename }", "extensions": 5}',
        JSON,
        "INVALID_REQUEST",
    ),
    "unknown operationName": (
        b'{"query": "query A { __typename }", "operationName": "B"}',
        JSON,
        "OPERATION_RESOLUTION_FAILURE",
    ),
    "multipart cut short": (
        b'--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query',
        MULTIPART,
        "MISSING_QUERY",
    ),
    "multipart without boundary": (
        _multipart(("operations", '{"query": "{ __typename }"}')),
        {"content-type": "multipart/form-data", **FORM},
        "INVALID_MULTIPART",
    ),
    "multipart operations not JSON": (
        _multipart(("operations", "{nope"), ("map", "{}")),
        MULTIPART,
        "INVALID_JSON",
    ),
    "multipart map a list": (
        _multipart(("operations", '{"query": "{ __typename }"}'), ("map", "[1]")),
        MULTIPART,
        "INVALID_REQUEST",
    ),
    "multipart map to a missing file": (
        _multipart(("operations", '{"query": "{ __typename }"}'), ("map", '{"0": ["x"]}')),
        MULTIPART,
        "INVALID_MULTIPART",
    ),
    "multipart map to a wrong path": (
        _multipart(
            ("operations", '{"query": "{ __typename }", "variables": {}}'),
            ("map", '{"0": ["variables.f.g.h"]}'),
            ("0", "file"),
        ),
        MULTIPART,
        "INVALID_MULTIPART",
    ),
}


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_a_malformed_request_gets_a_4xx_json_answer(
    client: httpx.AsyncClient, name: str
) -> None:
    body, headers, code = MALFORMED[name]
    response = await client.post("/graphql", content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]


async def test_get_refuses_mutations_and_bad_variables_in_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/graphql", params={"query": "mutation { logout { ok } }"})
    assert response.status_code == 405  # the GraphQL-over-HTTP specification's status
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
    response = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": "[" * 5000}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_JSON"


# --- the event loop stays free --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_health_answers_quickly_while_bombs_are_sent(tmp_path: Path) -> None:
    """A real uvicorn process: four clients send the worst documents in a loop (each text new,
    so parsed anew) while another asks /health every 20 ms: it keeps answering within
    milliseconds. (Before: one 19-level bomb held /health for 9.3 s.)"""
    need("redis", REDIS_URL)
    port = _free_port()
    async with fresh_database("sqlite", tmp_path) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "PASS_DATA_DIR": str(tmp_path / "web"),
            "PASS_DEMO_DATA": "0",
        }
        process = subprocess.Popen(  # noqa: ASYNC220 (one start, not a hot path)
            [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory",
             "--port", str(port), "--log-level", "warning"],
            env=env,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        if (await client.get("/health")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    assert time.monotonic() < deadline, "web process did not start"
                    await asyncio.sleep(0.2)
                latencies, refused = await _health_under_fire(client)
        finally:
            process.terminate()
            process.wait(10)
    assert refused > 40, refused
    # Typically answered in under 100 ms (125 ms seen with the cores shared by other test
    # runs); the bounds are loose for that reason, and still far below a held event loop.
    assert statistics.median(latencies) < 0.5, sorted(latencies)
    assert max(latencies) < 1, sorted(latencies)


async def _health_under_fire(client: httpx.AsyncClient) -> tuple[list[float], int]:
    bombs = [HOSTILE[name][0] for name in HOSTILE]
    stop = asyncio.Event()
    refused = 0

    async def fire(offset: int) -> None:
        nonlocal refused
        index = offset
        while not stop.is_set():
            # A comment makes each text new, so no cache helps: every one is parsed.
            document = f"{bombs[index % len(bombs)]}\n# {index}"
            response = await client.post("/graphql", json={"query": document})
            assert response.status_code == 200 and response.json()["errors"]
            refused += 1
            index += 1

    async def probe() -> list[float]:
        latencies = []
        for _ in range(100):
            started = time.perf_counter()
            response = await client.get("/health")
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200
            await asyncio.sleep(0.02)
        stop.set()
        return latencies

    firing = [asyncio.create_task(fire(i)) for i in range(4)]
    latencies = await probe()
    await asyncio.gather(*firing)
    return latencies, refused
