"""The one bound on bodies the site receives (API requests, uploads): refused at once when their
declared length is over the limit, cut off as soon as the count passes it when they come
without one (chunked), so an oversize body is never read to its end.

Written against ASGI's receive callable (plain dicts, no web framework), so that the API's
endpoint (server.graphql_app) and the pages' upload route (ui.documents_block) share it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from models.storage import TooLarge

__all__ = ["Receive", "TooLarge", "bounded_receive", "declared_too_large"]

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


def declared_too_large(content_length: str | bytes | None, limit: int) -> bool:
    """Whether the Content-Length header announces more than `limit` bytes."""
    if isinstance(content_length, bytes):
        content_length = content_length.decode("latin-1")
    return content_length is not None and content_length.isdigit() and int(content_length) > limit


def bounded_receive(receive: Receive, limit: int) -> Receive:
    """`receive`, raising TooLarge once the request's body has passed `limit` bytes."""
    received = 0

    async def counted() -> MutableMapping[str, Any]:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLarge
        return message

    return counted
