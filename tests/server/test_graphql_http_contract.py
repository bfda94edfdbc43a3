"""The HTTP contract of /graphql (the GraphQL-over-HTTP specification): the media type the
client asks for, the status codes that go with it, and a code on every error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.media_types import negotiate
from tests.web_app import app

GRAPHQL_RESPONSE = "application/graphql-response+json"
COUNT = "query Count($first: Int) { offers(first: $first) { totalCount } }"


async def _post(body: dict[str, Any], accept: str | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept is not None else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        return await client.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}; charset=utf-8", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE}", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0.5, application/json", "application/json"),
        ("text/html, */*;q=0.1", "application/json"),
        ("text/html", None),
        ("application/json;q=0", None),
        ("application/xml, image/png", None),
        ("application/json;q=nope", None),
    ],
)
def test_the_media_type_follows_the_accept_header(accept: str | None, chosen: str | None) -> None:
    assert negotiate(accept) == chosen


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", GRAPHQL_RESPONSE])
async def test_an_answer_is_written_in_the_media_type_asked_for(accept: str | None) -> None:
    response = await _post({"query": "{ __typename }"}, accept)
    assert response.status_code == 200
    expected = GRAPHQL_RESPONSE if accept == GRAPHQL_RESPONSE else "application/json"
    assert response.headers["content-type"].split(";")[0] == expected
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_an_accept_header_naming_nothing_we_write_gets_a_406_in_json() -> None:
    response = await _post({"query": "{ __typename }"}, "text/html")
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "NOT_ACCEPTABLE"
    assert GRAPHQL_RESPONSE in error["message"]


# A document refused before execution, and the code of its error.
REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    "syntax": ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
    "unknown field": ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
    "unused variable": ({"query": "query($x: Int) { __typename }"}, "GRAPHQL_VALIDATION_FAILED"),
    "too many tokens": (
        {"query": "{ regions { " + "code " * 2500 + "} }"},
        "TOO_MANY_TOKENS",
    ),
    "too deep": ({"query": "{ a " + "{ b " * 11 + "}" * 12}, "QUERY_TOO_DEEP"),
    "too many aliases": (
        {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }"},
        "TOO_MANY_ALIASES",
    ),
    "too complex": (
        {"query": "{ a: __schema { types { name } } b: __schema { types { name } } }"},
        "QUERY_TOO_COMPLEX",
    ),
    "variable of the wrong type": (
        {"query": COUNT, "variables": {"first": "ten"}},
        "BAD_USER_INPUT",
    ),
    "missing required variable": (
        {"query": "query($id: ID!) { node(id: $id) { id } }"},
        "BAD_USER_INPUT",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
async def test_a_refused_document_gets_400_without_data_in_graphql_response_json(
    name: str,
) -> None:
    body, code = REFUSED[name]
    response = await _post(body, GRAPHQL_RESPONSE)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    answer = response.json()
    assert "data" not in answer
    assert code in [error["extensions"]["code"] for error in answer["errors"]], answer


@pytest.mark.parametrize("name", list(REFUSED))
async def test_a_refused_document_gets_200_without_data_in_legacy_json(name: str) -> None:
    body, code = REFUSED[name]
    response = await _post(body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert "data" not in answer  # not `null`: nothing was executed
    assert code in [error["extensions"]["code"] for error in answer["errors"]], answer


async def test_a_field_error_keeps_data_and_200_in_both_media_types() -> None:
    """Execution began: `data` is there (null, its root field being non-null) with a 200."""
    for accept in (GRAPHQL_RESPONSE, "application/json"):
        response = await _post({"query": COUNT, "variables": {"first": 500}}, accept)
        assert response.status_code == 200
        answer = response.json()
        assert answer["data"] is None
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["INVALID_FIRST"]
        assert answer["errors"][0]["path"] == ["offers"]


@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
async def test_an_unknown_operation_name_is_a_coded_400(accept: str | None) -> None:
    for body in (
        {"query": "query A { __typename }", "operationName": "B"},
        {"query": "query A { __typename } query B { __typename }"},
        {"query": "fragment F on Query { __typename }"},
    ):
        response = await _post(body, accept)
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE", error


@pytest.mark.parametrize("extensions", ["string", 0, False, ["array"]])
async def test_extensions_that_are_not_an_object_are_refused(extensions: object) -> None:
    # Twice: an answer kept by the public cache must not stand for a refused request.
    for _ in range(2):
        response = await _post({"query": "{ __typename }", "extensions": extensions})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_other_methods_get_a_json_405_with_allow(method: str) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.request(method, "/graphql", headers={"accept": "text/html"})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize("accept", [None, GRAPHQL_RESPONSE])
async def test_a_mutation_over_get_is_a_405_allowing_post(accept: str | None) -> None:
    transport = httpx.ASGITransport(app=app)
    headers = {"accept": accept} if accept else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.get(
            "/graphql", params={"query": "mutation { __typename }"}, headers=headers
        )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"


async def test_a_query_over_get_follows_the_same_contract() -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        ok = await client.get(
            "/graphql", params={"query": "{ __typename }"}, headers={"accept": GRAPHQL_RESPONSE}
        )
        refused = await client.get(
            "/graphql", params={"query": "{ nope }"}, headers={"accept": GRAPHQL_RESPONSE}
        )
        graphiql = await client.get("/graphql", headers={"accept": "text/html"})
    assert (ok.status_code, ok.json()) == (200, {"data": {"__typename": "Query"}})
    assert ok.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert refused.status_code == 400 and "data" not in refused.json()
    assert graphiql.status_code == 200  # the IDE's page, though it is not JSON
    assert graphiql.headers["content-type"].startswith("text/html")


async def test_the_public_cache_answers_each_client_in_its_media_type(demo_db: str) -> None:
    query = {"query": "{ offers(first: 1) { totalCount } }"}
    for _ in range(2):  # the second round is answered from memory
        for accept, expected in (
            (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
            ("application/json", "application/json"),
            (None, "application/json"),
        ):
            response = await _post(query, accept)
            assert response.status_code == 200
            assert response.headers["content-type"].split(";")[0] == expected
            assert response.json()["data"]["offers"]["totalCount"] > 0
