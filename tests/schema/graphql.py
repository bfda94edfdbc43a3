"""A GraphQL client over HTTP against the real ASGI application."""

from __future__ import annotations

from typing import Any

import httpx

from tests.web_app import app


async def post(
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
