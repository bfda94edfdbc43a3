"""The GraphQL endpoint (HTTP and WebSocket) with its request-size guard."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from models.accounts.config import account_config
from schema.context import Context
from schema.schema import schema

__all__ = ["MAX_BODY_BYTES", "graphql_app"]

# A GraphQL document with its variables. A multipart upload may carry one document, plus room
# for the operation and the multipart framing.
MAX_BODY_BYTES = 64 * 1024
MULTIPART_OVERHEAD = 256 * 1024
# Content types a browser may send cross-site without a preflight: a request with one of them
# must carry a header no form can set, or another site could post with the visitor's cookies.
# The API reads no cookie, but NiceGUI's session cookie shares the origin; this closes the door.
_SIMPLE_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "text/plain")
_PREFLIGHT_HEADERS = (b"apollo-require-preflight", b"x-apollo-operation-name")


class _PassGraphQL(GraphQL[Context, None]):
    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(request=request, response=response, token=_bearer(request))


def _bearer(request: Request | WebSocket) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class _BodyLimit:
    """Refuses bodies over the limit, by Content-Length and while streaming, so an oversize
    upload is cut off soon after the limit instead of being read to the end; and refuses
    form-like requests that lack a preflight-forcing header (CSRF)."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: Callable[[], int]) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        form_like = scope["method"] == "POST" and content_type.startswith(_SIMPLE_CONTENT_TYPES)
        if form_like and not any(name in headers for name in _PREFLIGHT_HEADERS):
            await _refuse(send, 400, "csrf", _CSRF_MESSAGE)
            return
        limit = self.limit
        if content_type.startswith("multipart/form-data"):
            limit = self.upload_limit() + MULTIPART_OVERHEAD
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send)
            return
        received = 0

        async def limited_receive() -> Any:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


_CSRF_MESSAGE = (
    "Form-like requests (multipart, urlencoded, text/plain) need the header "
    "`Apollo-Require-Preflight: true`"
)


async def _too_large(send: Send) -> None:
    await _refuse(send, 413, "too_large", "Request body too large")


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _upload_limit() -> int:
    return account_config().max_document_bytes


def graphql_app() -> ASGIApp:
    endpoint = _PassGraphQL(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)
    return _BodyLimit(endpoint, MAX_BODY_BYTES, _upload_limit)
