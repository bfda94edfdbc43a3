"""Automatic persisted queries (Apollo's APQ protocol), so that a query can travel as a hash.

A client sends `extensions.persistedQuery = {"version": 1, "sha256Hash": …}`: with the query,
the hash is checked and the query kept; without it, the kept query is put back into the request
before the endpoint sees it, or the client is told `PERSISTED_QUERY_NOT_FOUND` (HTTP 200, as
Apollo Server answers, so that Apollo's clients retry with the query). A GET by hash is a short
URL a browser or a CDN can cache (server.http_cache).

Queries are kept in this process, in a bounded LRU: a client whose hash another process never
saw is told so and sends the query once more, which the protocol expects. Only documents that
parse are kept, so junk cannot push real queries out as easily.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.query_cache import encode_json, parse_document, read_body

__all__ = ["PersistedQueries", "QueryStore", "persisted_hash"]

MAX_ENTRIES = 5_000
MAX_BYTES = 32 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NO_STORE = (b"cache-control", b"private, no-store")


class QueryStore:
    """Queries by their SHA-256, least recently used out first."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def get(self, sha256: str) -> str | None:
        query = self._queries.get(sha256)
        if query is not None:
            self._queries.move_to_end(sha256)
        return query

    def put(self, sha256: str, query: str) -> None:
        if sha256 in self._queries:
            self._queries.move_to_end(sha256)
            return
        self._queries[sha256] = query
        self._bytes += len(query)
        while len(self._queries) > self.max_entries or self._bytes > self.max_bytes:
            _, evicted = self._queries.popitem(last=False)
            self._bytes -= len(evicted)


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def persisted_hash(extensions: object) -> str | None:
    """The hash a request's extensions name, None when they name none; refuses a malformed one."""
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise _Refusal(
            400,
            "PERSISTED_QUERY_NOT_SUPPORTED",
            "Only `persistedQuery` version 1 is supported",
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256.lower()):
        raise _Refusal(
            400, "INVALID_REQUEST", "`persistedQuery.sha256Hash` must be 64 hexadecimal digits"
        )
    return sha256.lower()


def _get_params(scope: Scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def _is_json_post(scope: Scope) -> bool:
    headers: dict[bytes, bytes] = dict(scope["headers"])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return bool(scope["method"] == "POST" and content_type == b"application/json")


def _json_or_none(text: str | bytes) -> object:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


class PersistedQueries:
    def __init__(self, app: ASGIApp, store: QueryStore | None = None) -> None:
        self.app = app
        self.store = store or QueryStore()

    def query_of(self, scope: Scope, body: bytes | None) -> str | None:
        """The query a request asks for, its own or the one its hash names (for the rate
        limit, which must tell a read from a write before this runs)."""
        request: object
        if scope["method"] == "GET":
            params = dict(_get_params(scope))
            request = {"query": params.get("query")}
            extensions = _json_or_none(params.get("extensions", ""))
        else:
            request = _json_or_none(body) if body is not None else None
            extensions = request.get("extensions") if isinstance(request, dict) else None
        query = request.get("query") if isinstance(request, dict) else None
        if isinstance(query, str):
            return query
        try:
            sha256 = persisted_hash(extensions)
        except _Refusal:
            return None
        return self.store.get(sha256) if sha256 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if scope["method"] == "GET":
                scope = self._get(scope)
            elif _is_json_post(scope):
                body, replay = await read_body(receive)
                rewritten = self._post(body) if body is not None else None
                if rewritten is None:
                    receive = replay
                else:
                    scope, receive = _with_body(scope, rewritten, receive)
        except _Refusal as refusal:
            await _answer(send, refusal.status, refusal.code, refusal.message)
            return
        await self.app(scope, receive, send)

    def _resolve(self, query: object, extensions: object) -> str | None:
        """The query to run in place of a missing one; None when the request is left as is."""
        sha256 = persisted_hash(extensions)
        if sha256 is None:
            return None
        if isinstance(query, str):
            if hashlib.sha256(query.encode()).hexdigest() != sha256:
                raise _Refusal(
                    400,
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    "`persistedQuery.sha256Hash` is not the SHA-256 of the query (hex digest of "
                    "its UTF-8 bytes)",
                )
            if parse_document(query) is not None:
                self.store.put(sha256, query)
            return None
        if query not in (None, ""):
            return None  # the endpoint explains what is wrong with `query`
        found = self.store.get(sha256)
        if found is None:
            raise _Refusal(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        return found

    def _get(self, scope: Scope) -> Scope:
        params = _get_params(scope)
        named = dict(params)
        if "extensions" not in named:
            return scope
        found = self._resolve(named.get("query"), _json_or_none(named["extensions"]))
        if found is None:
            return scope
        kept = [(k, v) for k, v in params if k != "query"]
        query_string = urlencode([*kept, ("query", found)]).encode()
        return {**scope, "query_string": query_string}

    def _post(self, body: bytes) -> bytes | None:
        request = _json_or_none(body)
        if not isinstance(request, dict):
            return None  # a batch, or not JSON: the endpoint's to judge
        found = self._resolve(request.get("query"), request.get("extensions"))
        if found is None:
            return None
        return encode_json({**request, "query": found})


def _with_body(scope: Scope, body: bytes, receive: Receive) -> tuple[Scope, Receive]:
    """The request with this body; then the client's own messages (its disconnection)."""
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    sent = False

    async def replaced() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return {**scope, "headers": headers}, replaced


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
                # A CDN must not keep « not found »: the query is about to be sent.
                _NO_STORE,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
