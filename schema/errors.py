"""GraphQL errors: those a client must fix (a clear message and a machine code), and the
unexpected ones, which clients see only as a French message with an id to report.

An error is intentional when it is a GraphQLError from the start: raised by a resolver
(`bad_request`, UNAUTHENTICATED, FORBIDDEN), by validation, by the coercion of variables
(a bad enum value) or by the document limits. Anything else that escapes a resolver or an
extension (a bug, a database or Redis failure, a codec error) carries an internal message
that must not reach the client: it is replaced, and logged with its traceback under the id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, MutableSequence
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.types.execution import ExecutionResult, StreamExecutionResult

from models.errors import internal_error_message, new_error_id

__all__ = [
    "BAD_USER_INPUT",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL_ERROR",
    "TOO_MANY_TOKENS",
    "MaskUnexpectedErrors",
    "bad_request",
    "internal_error_message",
    "log_and_mask",
    "new_error_id",
]

INTERNAL_ERROR = "INTERNAL_ERROR"
# The codes of graphql-core's own errors, which carry none (Apollo Server's names, which
# clients already know).
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
# The parser's own bounds (schema.validation), a limit like schema.limits' ones.
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
_log = logging.getLogger("pass.graphql")


def bad_request(message: str, code: str, field: str | None = None) -> GraphQLError:
    """A request error of the client's; every `extensions.code` is UPPER_SNAKE."""
    extensions: dict[str, object] = {"code": code.upper()}
    if field:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)


# Exceptions Strawberry raises in its own resolvers because of the client's input: their
# message is meant for the client, so they become intentional errors with a code.
_CLIENT_EXCEPTIONS: dict[type[Exception], str] = {GlobalIDValueError: "INVALID_ID"}


def _client_error(error: GraphQLError) -> GraphQLError | None:
    for kind, code in _CLIENT_EXCEPTIONS.items():
        if isinstance(error.original_error, kind):
            return GraphQLError(
                error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": code},
            )
    return None


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _masked(error: GraphQLError) -> GraphQLError:
    error_id = new_error_id()
    _log.error(
        "Unexpected GraphQL error %s at %s: %s",
        error_id,
        ".".join(map(str, error.path or ())) or "-",
        error.message,
        exc_info=error.original_error,
    )
    return GraphQLError(
        internal_error_message(error_id),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": INTERNAL_ERROR, "errorId": error_id},
    )


def _default_code(error: GraphQLError, executed: bool) -> str:
    """The code of an error of graphql-core's, which has none."""
    if isinstance(error, GraphQLSyntaxError):
        # "Document contains more than 2000 tokens. Parsing aborted." (comments likewise)
        return TOO_MANY_TOKENS if "Parsing aborted" in error.message else GRAPHQL_PARSE_FAILED
    if error.path or executed:
        # At a field: an argument's value it cannot read (a malformed global id). Outside
        # any field once execution began: a variable's value that cannot be coerced.
        return BAD_USER_INPUT
    return GRAPHQL_VALIDATION_FAILED


def log_and_mask(
    errors: MutableSequence[GraphQLError], *, log_client_errors: bool, executed: bool = False
) -> None:
    """Replace, in place, each unexpected error by its masked form (logged at ERROR with
    its traceback); log each client error in one line at INFO when asked. `executed` says
    the errors come from execution (which starts by coercing the variables), not from
    parsing or validating the document."""
    for index, error in enumerate(errors):
        if (client := _client_error(error)) is not None and _is_unexpected(error):
            errors[index] = error = client
        if _is_unexpected(error):
            errors[index] = _masked(error)
            continue
        if not (error.extensions or {}).get("code"):
            code = _default_code(error, executed)
            error.extensions = {**(error.extensions or {}), "code": code}
        if log_client_errors:
            _log.info(
                "GraphQL client error %s at %s: %s",
                (error.extensions or {}).get("code"),
                ".".join(map(str, error.path or ())) or "-",
                error.message,
            )


class MaskUnexpectedErrors(SchemaExtension):
    """A safety net after the schema's process_errors (which masks in place): errors that
    reach a result by another path (a subscription's events, for instance) are masked too."""

    def on_operation(self) -> Iterator[None]:
        yield
        result: Any = self.execution_context.result
        if isinstance(result, (GraphQLExecutionResult, ExecutionResult)) and result.errors:
            errors = list(result.errors)
            log_and_mask(errors, log_client_errors=False)
            result.errors = errors

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        errors = getattr(result, "errors", None)
        if errors:
            errors = list(errors)
            log_and_mask(errors, log_client_errors=False)
            result.errors = errors  # type: ignore[union-attr]
        yield
