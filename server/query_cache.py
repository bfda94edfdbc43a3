"""Answers repeated read queries of public data from memory.

Most of the API's traffic is the same few searches (the latest offers, one type, one region).
Their answer depends only on the published offers, which this
process's search index follows: each change to the index, a new day (offers expire at
midnight) or a new document makes a new key, so nothing stale is ever served — an answer is at
most as old as the index it came from. Executing a 20-offer page with its seven facets costs
~500 resolved fields; replaying it costs a dictionary lookup.

Only queries (POSTed as JSON, or GET) whose every root field is public data are cached: the
same for every client, signed in or not (nothing under those roots depends on who asks — a
field that would must take its root out of CACHEABLE_ROOT_FIELDS). Anything else (`viewer`,
`me`, `node`, a mutation, a subscription) goes straight to the endpoint. A client sending
`Cache-Control: no-cache` gets a freshly executed answer.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from functools import lru_cache
from urllib.parse import parse_qsl

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.clock import now
from models.search import current_facet_index
from server.media_types import negotiate

__all__ = [
    "CACHEABLE_ROOT_FIELDS",
    "PublicQueryCache",
    "encode_json",
    "get_request",
    "is_write",
    "parse_document",
    "public_request_key",
    "read_body",
    "request_fields",
    "search_generation",
]

CACHEABLE_ROOT_FIELDS = frozenset(
    {
        "offers",
        "offer",
        "diplomaLevels",
        "domains",
        "administrations",
        "regions",
        "departments",
        "countries",
        "__typename",
        "__schema",
        "__type",
    }
)
MAX_ENTRIES = 2_000
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 512 * 1024
# Parsing here is only to read the root fields; the endpoint's own limits judge the document.
_MAX_TOKENS = 2_000
# 19 digits may exceed a signed 64-bit integer.
_LONG_DIGITS = re.compile(rb"\d{19}")


@lru_cache(maxsize=512)
def parse_document(query: str) -> DocumentNode | None:
    """The document, or None when it cannot be parsed (the endpoint will say why)."""
    try:
        return parse(query, no_location=True, max_tokens=_MAX_TOKENS)
    except (GraphQLError, RecursionError):
        return None


def is_write(query: str) -> bool:
    """Whether the document holds a mutation (what the API's write limit counts)."""
    document = parse_document(query)
    return document is not None and any(
        isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
        for d in document.definitions
    )


@lru_cache(maxsize=512)
def _public_operations(query: str) -> tuple[frozenset[str | None], int] | None:
    """The names of the document's operations that only read public data (None for an
    anonymous one) and the number of its operations, or None when it cannot be parsed."""
    document = parse_document(query)
    if document is None:
        return None
    public: set[str | None] = set()
    operations = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        operations += 1
        if definition.operation is not OperationType.QUERY:
            continue
        selections = definition.selection_set.selections
        if all(
            isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOT_FIELDS for s in selections
        ):
            public.add(definition.name.value if definition.name else None)
    return frozenset(public), operations


def encode_json(data: object) -> bytes:
    """JSON of an answer: orjson (~10x faster than json for a search page), or json for what
    orjson cannot encode (integers beyond 64 bits, keys that are not strings)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, separators=(",", ":")).encode()


def _loads(body: bytes) -> tuple[object, bool]:
    """The request, and whether orjson read it (then it holds no NaN, nothing orjson would
    write differently from what it read)."""
    # orjson reads integers beyond 64 bits as floats: two such variables would share a key.
    if not _LONG_DIGITS.search(body):
        try:
            return orjson.loads(body), True
        except orjson.JSONDecodeError:
            pass  # NaN, or nesting beyond orjson's limit: json decides, as it did before
    return json.loads(body), False


def _cache_key(body: bytes, scope: Scope) -> tuple[Hashable, ...] | None:
    try:
        request, by_orjson = _loads(body)
    except (ValueError, RecursionError):
        return None
    return public_request_key(request, scope, by_orjson=by_orjson)


def request_fields(
    request: object,
) -> tuple[str, dict[str, object] | None, str | None, dict[str, object] | None] | None:
    """A JSON request's query, variables, operationName and extensions, when it is one object
    whose fields have the types the endpoint accepts (a string, an object or null, a string or
    null, an object or null); None for anything it refuses or would batch."""
    if not isinstance(request, dict):
        return None
    query, variables = request.get("query"), request.get("variables")
    operation, extensions = request.get("operationName"), request.get("extensions")
    if type(query) is not str or not isinstance(operation, str | None):
        return None
    if not isinstance(variables, dict | None) or not isinstance(extensions, dict | None):
        return None
    return query, variables, operation, extensions


def public_request_key(
    request: object, scope: Scope, *, by_orjson: bool = True
) -> tuple[Hashable, ...] | None:
    """What a request of public data is answered by, besides the generation; None when it
    asks for anything else or is not a well-formed request."""
    fields = request_fields(request)
    if fields is None:
        return None  # the endpoint refuses it
    query, variables, operation, _ = fields
    found = _public_operations(query)
    if found is None:
        return None
    public, operations = found
    chosen = operation if operation is not None or operations != 1 else next(iter(public), "")
    if chosen not in public or (operation is None and operations != 1):
        return None
    headers = dict(scope["headers"])
    host = headers.get(b"host", b"")
    # The same answer is written in the media type each client asks for.
    media_type = negotiate(headers.get(b"accept", b"").decode("latin-1") or None)
    canonical: str | bytes
    try:
        if by_orjson:
            canonical = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
        else:
            # orjson would write NaN as null: a request with NaN would get null's answer.
            canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    return (query, canonical, operation, host, scope.get("scheme"), media_type)


def get_request(scope: Scope) -> dict[str, object] | None:
    """A GET request's query, variables and operation name; None when `variables` is not
    JSON (the endpoint will say so)."""
    params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    variables: object = None
    if "variables" in params:
        try:
            variables = json.loads(params["variables"])
        except (ValueError, RecursionError):
            return None
    return {
        "query": params.get("query"),
        "variables": variables,
        "operationName": params.get("operationName"),
    }


class _Entry:
    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


class PublicQueryCache:
    def __init__(
        self,
        app: ASGIApp,
        generation: Callable[[], Awaitable[Hashable | None]] | None = None,
        *,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.app = app
        self.generation = generation or search_generation
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._may_cache(scope):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            replay = receive
            request_key = public_request_key(get_request(scope), scope, by_orjson=False)
        else:
            body, replay = await read_body(receive)
            if body is None:  # more than an API document: not ours to judge
                await self.app(scope, replay, send)
                return
            request_key = _cache_key(body, scope)
        if request_key is None:
            await self.app(scope, replay, send)
            return
        generation = await self.generation()
        key = (generation, *request_key)
        entry = self._entries.get(key) if generation is not None else None
        headers = dict(scope["headers"])
        if entry is not None and b"no-cache" not in headers.get(b"cache-control", b""):
            self._entries.move_to_end(key)
            self.hits += 1
            await _send_entry(send, entry)
            return
        self.misses += 1
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)
            await send(message)

        await self.app(scope, replay, capture)
        # Kept only when the index neither changed nor caught up while the answer was made, so
        # the answer is exactly the one of its generation.
        if generation is None or await self.generation() != generation:
            return
        entry = _entry_of(captured)
        if entry is not None:
            self._store(key, entry)

    @staticmethod
    def _may_cache(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            return False
        if scope["method"] == "GET":
            return True
        headers: dict[bytes, bytes] = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        return content_type == b"application/json"

    def _store(self, key: Hashable, entry: _Entry) -> None:
        previous = self._entries.pop(key, None)
        if previous is not None:
            self._bytes -= len(previous.body)
        self._entries[key] = entry
        self._bytes += len(entry.body)
        while self._entries and (
            len(self._entries) > self.max_entries or self._bytes > self.max_bytes
        ):
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted.body)


async def search_generation() -> Hashable | None:
    """What the public answers depend on: this process's search index, caught up with other
    processes first as a search would, and today's date. None when the index cannot be had
    (no database): the request then goes to the endpoint, which answers for itself."""
    try:
        index = await current_facet_index()
    except Exception:
        return None
    return (index.version, now().date())


async def read_body(receive: Receive, limit: int = 64 * 1024) -> tuple[bytes | None, Receive]:
    messages: list[Message] = []
    size, more = 0, True
    while more:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
        if size > limit:
            break
    complete = not more and all(m["type"] == "http.request" for m in messages)
    body = b"".join(m.get("body", b"") for m in messages) if complete else None
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return body, replay


def _entry_of(messages: list[Message]) -> _Entry | None:
    """A complete 200 answer without errors, small enough to keep."""
    if not messages or messages[0]["type"] != "http.response.start":
        return None
    start = messages[0]
    if start["status"] != 200:
        return None
    body = b"".join(m.get("body", b"") for m in messages[1:])
    if messages[-1].get("more_body") or len(body) > MAX_ENTRY_BYTES:
        return None
    # In JSON a quote inside a string is escaped: an unescaped "errors" can only be the key.
    if b'"errors"' in body:
        return None
    headers = [
        (name, value)
        for name, value in start.get("headers", [])
        if name.lower() not in (b"set-cookie", b"content-length")
    ]
    headers.append((b"content-length", str(len(body)).encode()))
    return _Entry(200, headers, body)


async def _send_entry(send: Send, entry: _Entry) -> None:
    await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})
