"""A GraphQL client over HTTP against the real ASGI application."""

from __future__ import annotations

from typing import Any

import httpx

from server.app import app


async def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
