"""The GraphQL endpoint (HTTP and WebSocket) with its request-size guard.

Every request it cannot take as a GraphQL request gets a 4xx JSON answer in the GraphQL error
shape (`{"errors": [{"message", "extensions": {"code"}}]}`), never a 500 or plain text; a bug
gets a 500 with a French message and an error id, the traceback going to the log only.

Answers follow the GraphQL-over-HTTP specification: written in the media type the client
accepts (server.media_types); a request refused before execution has no `data` and, in
`application/graphql-response+json`, a 400 status.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.types import ExecutionResult

from models.accounts import account_config
from models.body_limit import TooLarge, bounded_receive, declared_too_large
from models.errors import internal_error_message, new_error_id
from schema.context import Context
from schema.errors import INTERNAL_ERROR
from schema.schema import schema
from server.api_rate_limit import ApiRateLimit
from server.graphql_ws import PreparedGraphQLTransportWSHandler
from server.http_cache import HttpCache
from server.media_types import GRAPHQL_RESPONSE, JSON, negotiate
from server.persisted_queries import PersistedQueries
from server.query_cache import PublicQueryCache, encode_json, request_fields
from server.settings import Settings, settings

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


_log = logging.getLogger("pass.graphql")
# 19 digits may exceed a signed 64-bit integer.
_LONG_DIGITS = re.compile(rb"\d{19}")
_FEW_BRACKETS = 256

# Strawberry's own refusals (plain-text reasons) and the code each gets here.
_CODES_BY_REASON = {
    "Unsupported content type": "UNSUPPORTED_CONTENT_TYPE",
    "Unable to parse request body as JSON": "INVALID_JSON",
    "No GraphQL query found in the request": "MISSING_QUERY",
    "Batching is not enabled": "BATCH_NOT_SUPPORTED",
    "File(s) missing in form data": "INVALID_MULTIPART",
    "Unable to parse the multipart body": "INVALID_MULTIPART",
}
_CODES_BY_STATUS = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
# Strawberry's reasons when no operation of the document can be chosen (an unknown
# `operationName`, several operations and no name, only fragments).
_OPERATION_RESOLUTION_REASONS = (
    "Unknown operation named",
    "Can't get GraphQL operation type",
    "Must provide operation name",
)
_ALLOWED_METHODS = "GET, POST"


class _Refused(HTTPException):
    """A request this endpoint cannot take, with the code the client gets."""

    def __init__(self, status_code: int, code: str, reason: str) -> None:
        super().__init__(status_code, reason)
        self.code = code


class _SubResponse(Response):
    """Headers and status a resolver may set, and the media type the answer is written in."""

    graphql_media_type = JSON


class _PassGraphQL(GraphQL[Context, None]):
    # `offerPublished` payloads prepared once per selection, shared by its subscribers.
    graphql_transport_ws_handler_class = PreparedGraphQLTransportWSHandler

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(request=request, response=response, token=_bearer(request))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        media_type = negotiate(request.headers.get("accept"))
        # Other methods get their 405 whatever they accept; GraphiQL's page is HTML.
        adapter = self.request_adapter_class(request)
        if (
            media_type is None
            and self.is_request_allowed(adapter)
            and not self.should_render_graphql_ide(adapter)
        ):
            response = _error_response(
                406,
                "NOT_ACCEPTABLE",
                f"The answer can only be written as {GRAPHQL_RESPONSE} or {JSON}",
            )
            await response(scope, receive, send)
            return
        try:
            await self._answer(request, media_type or JSON, scope, receive, send)
        finally:
            await request.close()  # the uploaded files' spooled copies

    async def _answer(
        self, request: Request, media_type: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        response: Response | None
        try:
            response = await self._run_plain(request)
            if response is None:
                response = await self.run(request)
        except (TooLarge, ClientDisconnect):
            raise  # answered by _BodyLimit / nobody left to answer
        except HTTPException as error:
            status, code = _status_and_code(error)
            response = _error_response(status, code, error.reason, media_type=media_type)
            if status == 405:
                response.headers["allow"] = _allowed(error)
        except Exception:
            # A bug of ours: the client gets an id to report, the log gets the traceback.
            error_id = new_error_id()
            _log.exception("Unexpected failure %s of a GraphQL HTTP request", error_id)
            response = _error_response(
                500,
                INTERNAL_ERROR,
                internal_error_message(error_id),
                media_type=media_type,
                errorId=error_id,
            )
        await response(scope, receive, send)

    async def _run_plain(self, request: Request) -> Response | None:
        """The answer to a JSON document POSTed (nearly every API request), through
        Strawberry's own steps less those that cannot apply to it (the WebSocket, GraphiQL's
        page, streaming transports, batches, incremental delivery, which this schema leaves
        off), whose checks cost a search page ~5 % of its CPU. None for anything else, and for
        any body that is not one JSON object of the usual fields: Strawberry's `run` then
        takes the request whole, and refuses it."""
        if (
            request.method != "POST"
            or _media_type(request.headers.get("content-type")) != "application/json"
            or self.schema.config.enable_experimental_incremental_execution
            or self._get_stream_transport_from_headers(request.headers) is not None
        ):
            return None
        body = await request.body()  # TooLarge and ClientDisconnect go to _answer
        try:
            data = self.decode_json(body)
        except Exception:  # refused again, the usual way, by `run`
            return None
        request_data = _plain_request(data)
        if request_data is None:
            return None
        adapter = self.request_adapter_class(request)
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, response=sub_response)
        result = await self.execute_single(
            request=request,
            request_adapter=adapter,
            sub_response=sub_response,
            context=context,
            root_value=await self.get_root_value(request),  # type: ignore[func-returns-value]
            request_data=request_data,
        )
        response_data = await self.process_result(request, result)
        if result.errors:
            self._handle_errors(result.errors, response_data)
        return self.create_response(response_data=response_data, sub_response=sub_response)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = _SubResponse()
        sub_response.status_code = None  # type: ignore[assignment]  # unset until a resolver sets it
        del sub_response.headers["content-length"]
        sub_response.graphql_media_type = negotiate(request.headers.get("accept")) or JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = process_result(result)
        if _request_error(result):
            # Nothing was executed: the GraphQL specification leaves `data` out (a `null` would
            # say that execution began and failed at a non-null root field).
            processed.pop("data", None)
        return processed

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = getattr(sub_response, "graphql_media_type", JSON)
        status = _status(media_type, response_data)
        # orjson encodes a search page ~10x faster than json. Only over HTTP: the WebSocket
        # transport sends bytes from encode_json as binary frames, which clients refuse.
        response = Response(
            encode_json(response_data), status_code=status, media_type=_content_type(media_type)
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        return response

    def decode_json(self, data: str | bytes) -> object:
        # orjson refuses everything refused below (invalid UTF-8, lone surrogates) and NaN,
        # which json accepts: whatever it refuses is judged by the checks below, which say why.
        # It reads integers beyond 64 bits as floats and nests deeper than json (1,024 levels
        # against what is left of Python's recursion limit): bodies that could hold either
        # take the path below too.
        if (
            isinstance(data, bytes)
            and data.count(b"[") + data.count(b"{") <= _FEW_BRACKETS
            and not _LONG_DIGITS.search(data)
        ):
            try:
                return orjson.loads(data)
            except orjson.JSONDecodeError:
                pass
        # json.loads would guess the encoding of bytes and raise UnicodeDecodeError (a 500 in
        # Strawberry) on invalid UTF-8, RecursionError on 30,000 nested arrays, and accepts
        # "\ud800", a lone surrogate no database driver can encode.
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise _Refused(400, "INVALID_JSON", "The body is not valid UTF-8") from None
        try:
            value = json.loads(text)
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise _Refused(400, "INVALID_JSON", "The JSON is nested too deeply") from None
        except UnicodeEncodeError:
            raise _Refused(
                400, "INVALID_JSON", "The JSON holds a lone UTF-16 surrogate (\\ud800-\\udfff)"
            ) from None
        return value

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        try:
            data = await super().parse_http_body(request)
        except HTTPException:
            raise
        except StarletteHTTPException as error:  # Starlette's multipart parser
            raise _Refused(400, "INVALID_MULTIPART", str(error.detail)) from None
        except (AttributeError, TypeError, ValueError, KeyError, IndexError):
            # Strawberry assumes a JSON object (`42`, `null`, `"str"` fail on `.get`) and a
            # well-formed multipart map; whatever breaks here is the shape of the request.
            raise _Refused(
                400,
                "INVALID_REQUEST",
                "The body must be a JSON object with `query` (a string), and optionally "
                "`variables` (an object) and `operationName` (a string)",
            ) from None
        for item in data if isinstance(data, list) else [data]:
            if item.operation_name is not None and not isinstance(item.operation_name, str):
                raise _Refused(400, "INVALID_REQUEST", "`operationName` must be a string")
        return data


def _media_type(content_type: str | None) -> str:
    return (content_type or "").partition(";")[0].strip().lower()


def _plain_request(data: object) -> GraphQLRequestData | None:
    """The request a JSON body makes, when it is one object whose fields have the types
    Strawberry and parse_http_body accept; None for anything they would refuse or batch."""
    fields = request_fields(data)
    if fields is None:
        return None
    query, variables, operation_name, extensions = fields
    return GraphQLRequestData(
        query=query,
        variables=variables,
        operation_name=operation_name,
        extensions=extensions,
        protocol="http",
    )


def _request_error(result: ExecutionResult) -> bool:
    """Whether the request was refused before execution: a document that does not parse or
    validate, variables that cannot be coerced. Every error raised while executing has the
    path of its field."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _status(media_type: str, response_data: object) -> int:
    """The specification's media type tells by its status whether the request was executed:
    400 when it was refused whole (no `data`). Legacy JSON stays 200."""
    if media_type != GRAPHQL_RESPONSE or not isinstance(response_data, dict):
        return 200
    if "data" in response_data:
        return 200
    errors: list[Any] = response_data.get("errors") or []
    codes = {(e.get("extensions") or {}).get("code") for e in errors if isinstance(e, dict)}
    # A failure of ours before execution (masked, see schema.errors) is no fault of the client.
    return 500 if INTERNAL_ERROR in codes else 400


def _status_and_code(error: HTTPException) -> tuple[int, str]:
    if isinstance(error, _Refused):
        return error.status_code, error.code
    reason = error.reason
    if reason in _CODES_BY_REASON:
        return error.status_code, _CODES_BY_REASON[reason]
    if reason.startswith("The GraphQL operation's"):
        return error.status_code, "INVALID_REQUEST"
    if reason.endswith("are not allowed when using GET"):
        # The specification: a mutation over GET is refused as a method the operation
        # does not allow.
        return 405, "OPERATION_NOT_ALLOWED"
    if reason.startswith(_OPERATION_RESOLUTION_REASONS):
        return error.status_code, "OPERATION_RESOLUTION_FAILURE"
    return error.status_code, _CODES_BY_STATUS.get(error.status_code, "BAD_REQUEST")


def _allowed(error: HTTPException) -> str:
    return "POST" if error.reason.endswith("are not allowed when using GET") else _ALLOWED_METHODS


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type == GRAPHQL_RESPONSE else media_type


def _error_response(
    status: int, code: str, message: str, *, media_type: str = JSON, **extensions: str
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    return JSONResponse(body, status_code=status, media_type=_content_type(media_type))


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
        if sum(name.lower() == b"content-type" for name, _ in scope["headers"]) > 1:
            # The layers would not agree on which one counts (the rate limit, the persisted
            # queries and this guard read the last, Starlette and Strawberry the first): a
            # mutation could be counted as a read, an oversize body escape this guard.
            await _refuse(send, 400, "INVALID_REQUEST", "More than one Content-Type header")
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        form_like = scope["method"] == "POST" and content_type.startswith(_SIMPLE_CONTENT_TYPES)
        if form_like and not any(name in headers for name in _PREFLIGHT_HEADERS):
            await _refuse(send, 400, "CSRF", _CSRF_MESSAGE)
            return
        limit = self.limit
        if content_type.startswith("multipart/form-data"):
            limit = self.upload_limit() + MULTIPART_OVERHEAD
        if declared_too_large(headers.get(b"content-length"), limit):
            await _too_large(send)
            return
        try:
            await self.app(scope, bounded_receive(receive, limit), send)
        except TooLarge:
            await _too_large(send)


_CSRF_MESSAGE = (
    "Form-like requests (multipart, urlencoded, text/plain) need the header "
    "`Apollo-Require-Preflight: true`"
)


async def _too_large(send: Send) -> None:
    await _refuse(send, 413, "TOO_LARGE", "Request body too large")


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


def graphql_app(config: Settings | None = None) -> ASGIApp:
    config = config or settings()
    endpoint = _PassGraphQL(
        schema,
        graphql_ide="graphiql",
        multipart_uploads_enabled=True,
        # Pages of any site may subscribe: the socket carries no PASS identity a page did not
        # put there itself (the token of connection_init; cookies are never read). See server.cors.
        allowed_origins=["*"],
    )
    # Persisted queries first, so that the layers within see a hash-only request with its
    # query; outermost the rate limit, so that every answer counts and says so.
    persisted = PersistedQueries(HttpCache(PublicQueryCache(endpoint)))
    guarded = _BodyLimit(persisted, MAX_BODY_BYTES, _upload_limit)
    return ApiRateLimit(guarded, persisted, config.api_read_limit, config.api_write_limit)
