"""A request that fails unexpectedly outside GraphQL gets a French message with an error id that
is also in the log — never the internal message — and the security headers."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.web_app import app


def _client() -> httpx.AsyncClient:
    # No database is open here, so the health check fails the way a dead database would.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://pass.test")


async def test_json_callers_get_a_code_and_an_error_id(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="pass.failures"):
        async with _client() as client:
            response = await client.get("/health")
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    error_id = error["extensions"]["errorId"]
    assert error["message"].startswith("Une erreur inattendue s'est produite.")
    assert error_id in error["message"]
    assert "Tortoise" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_browsers_get_a_french_page() -> None:
    async with _client() as client:
        response = await client.get("/health", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "Une erreur inattendue s'est produite" in response.text
    assert "Tortoise" not in response.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_on_the_api_get_a_json_405(method: str) -> None:
    async with _client() as client:
        response = await client.request(method, "/graphql", json={"query": "{ regions { code } }"})
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"]
