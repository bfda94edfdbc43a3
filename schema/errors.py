"""GraphQL errors for requests a client must fix: a clear message and a machine code."""

from __future__ import annotations

from graphql import GraphQLError

__all__ = ["bad_request"]


def bad_request(message: str, code: str, field: str | None = None) -> GraphQLError:
    extensions: dict[str, object] = {"code": code}
    if field:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)
