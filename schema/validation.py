"""Parsing and validation of GraphQL documents, bounded and cached.

One Strawberry extension replaces ParserCache, ValidationCache, QueryDepthLimiter,
MaxAliasesLimiter and MaxTokensLimiter:
- parsing is bounded in tokens and comments, and cached;
- schema.limits checks depth, aliases, expanded size and cost in one linear pass, BEFORE the
  standard rules, so the quadratic ones (OverlappingFieldsCanBeMerged) never see a document
  that could make them slow;
- the standard rules' verdict is cached too. (Strawberry's limiters add a new rule class per
  request, so its validation cache never hit.)
- an operation that only introspects (GraphiQL's schema query: ~50 ms of pure Python) runs in
  a thread, so the event loop keeps serving, and its result is cached.

`ready_query` tells, from those caches alone, whether a request's document is a query that an
earlier request parsed, bounded and validated without error: the schema then executes it
straight away (schema.schema), without the per-request round of extension hooks that would
only find the same answers in the same caches.

Every cache is keyed by the query TEXT, never by the DocumentNode: graphql-core's nodes are
frozen dataclasses whose hash and equality walk the whole tree, recursively — a 150-level
document made a cache lookup raise RecursionError, and any lookup costs a full walk.
"""

from __future__ import annotations

import asyncio
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable
from typing import Generic, TypeVar

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import validate_document
from strawberry.types.execution import ExecutionContext

from schema.limits import MAX_TOKENS, DocumentAnalysis, analyse_document, limit_errors

__all__ = ["BoundedDocuments", "OperationNameRequired", "ready_query"]

_CACHE_SIZE = 256
_INTROSPECTION_CACHE_SIZE = 16
# graphql-core parses ~100 tokens a millisecond (less on a busy machine): a 2,000-token
# document would hold the event loop for 20-90 ms. Bigger documents are parsed and validated
# in a thread; the loop then gets the GIL back every switch interval (5 ms).
_THREAD_ABOVE_CHARS = 2_000
# The body limit (64 KB) bounds the text; comments are not tokens, so bound them apart.
_MAX_COMMENTS = 200
# A document's analysis is cached per values of its variables (see _page_sizes) when it has
# at most this many.
_MAX_KEYED_VARIABLES = 16

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Cache(Generic[K, V]):
    """A bounded LRU map, safe to use from the worker threads as well as the loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: K, compute: Callable[[], V]) -> V:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return self.entries[key]
            self.misses += 1
        # Computed outside the lock: two threads may compute the same value, harmlessly.
        value = compute()
        self.put(key, value)
        return value

    def peek(self, key: K) -> V | None:
        """The value when kept (a hit), else None: nothing counted, nothing computed."""
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key: K, value: V) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


# A document that fails to parse raises (nothing cached): refusing it again costs a parse
# up to the first error, bounded like any parse.
_documents: _Cache[str, DocumentNode] = _Cache(_CACHE_SIZE)
# Keyed by the text and what the analysis reads of the variables (see _page_sizes).
_analyses: _Cache[tuple[str, tuple[tuple[str, int | None], ...]], DocumentAnalysis] = _Cache(
    _CACHE_SIZE
)
# Keyed by the text and the rules (classes, which hash by identity; the default tuple of
# rules is the same object for every request).
_verdicts: _Cache[tuple[str, tuple[type, ...]], list[GraphQLError]] = _Cache(_CACHE_SIZE)
_introspections: _Cache[tuple[str, str | None, str], ExecutionResult] = _Cache(
    _INTROSPECTION_CACHE_SIZE
)
# Strawberry validates with graphql-core's rules unless told otherwise: a tuple equal (and so
# hashing equal) to the one each request's execution context builds.
_DEFAULT_RULES: tuple[type, ...] = tuple(specified_rules)
# Per document (by text) and operation name: the operation's name as executed, or None when
# the operation must take the whole path (not a query, an introspection, no single choice).
_queries: _Cache[tuple[str, str | None], tuple[str | None] | None] = _Cache(_CACHE_SIZE)


# One big document at a time per event loop: the others wait suspended instead of taking
# turns with the thread for the GIL, so a flood of big documents leaves the loop (and /health)
# competing with one thread only. Per loop, since an asyncio lock belongs to one loop.
_big_document_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _big_documents() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _big_document_locks.get(loop)
    if lock is None:
        lock = _big_document_locks[loop] = asyncio.Lock()
    return lock


def _parse(query: str) -> DocumentNode:
    return _documents.get(
        query, lambda: parse(query, max_tokens=MAX_TOKENS, max_comments=_MAX_COMMENTS)
    )


class OperationNameRequired(CannotGetOperationTypeError):
    """A document of several operations sent without `operationName`: the GraphQL
    specification refuses it (Strawberry would run the first)."""

    def __init__(self) -> None:
        super().__init__(None)

    def as_http_error_reason(self) -> str:
        return "Must provide operation name if query contains multiple operations"


class BoundedDocuments(SchemaExtension):
    """Pass the class (not an instance, not a lambda): Strawberry builds one per request, and
    every cache lives at module level."""

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            # A syntax error (GraphQLError) propagates to Strawberry, which reports it.
            if len(context.query) > _THREAD_ABOVE_CHARS:
                async with _big_documents():
                    context.graphql_document = await asyncio.to_thread(_parse, context.query)
            else:
                context.graphql_document = _parse(context.query)
        document = context.graphql_document
        # Strawberry keeps the name the request gave apart from the one it would pick.
        if document is not None and context._provided_operation_name is None:
            operations = (d for d in document.definitions if isinstance(d, OperationDefinitionNode))
            if next(operations, None) is not None and next(operations, None) is not None:
                raise OperationNameRequired  # re-raised by Strawberry, answered with a 400
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.query and len(context.query) > _THREAD_ABOVE_CHARS:
            async with _big_documents():
                context.pre_execution_errors = await asyncio.to_thread(_errors, context)
        else:
            context.pre_execution_errors = _errors(context)
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            operation = get_operation_ast(document, context.operation_name)
            if operation is not None and _introspection_only(document, operation.selection_set):
                context.result = await _introspect(context.schema._schema, document, context)
        yield


def _errors(context: ExecutionContext) -> list[GraphQLError]:
    document = context.graphql_document
    query = context.query
    assert document is not None and query is not None
    schema = context.schema._schema
    variables = context.variables
    if variables and len(variables) > _MAX_KEYED_VARIABLES:
        # Not kept: 256 keys each holding thousands of variables would be a lot of memory.
        analysis = analyse_document(schema, document, variables)
    else:
        analysis = _analyses.get(
            (query, _page_sizes(variables)),
            lambda: analyse_document(schema, document, variables),
        )
    refused = limit_errors(analysis)
    if refused:
        return refused
    rules = context.validation_rules
    if not rules:
        return []
    return list(_verdicts.get((query, rules), lambda: validate_document(schema, document, rules)))


def ready_query(
    query: object, operation_name: str | None, variables: dict[str, object] | None
) -> tuple[DocumentNode, str | None] | None:
    """The document and the operation name to execute it with, when `query` is a query that
    BoundedDocuments has already parsed, analysed and validated without error (for these
    variables' page sizes) and that executes on the event loop; None otherwise, and the
    request takes Strawberry's whole path, which fills the caches for the next one. Only
    lookups: nothing is computed here that the whole path would compute differently."""
    if type(query) is not str or len(query) > _THREAD_ABOVE_CHARS:
        return None
    document = _documents.peek(query)
    if document is None:
        return None
    if variables and len(variables) > _MAX_KEYED_VARIABLES:
        return None
    analysis = _analyses.peek((query, _page_sizes(variables)))
    if analysis is None or limit_errors(analysis):
        return None
    verdict = _verdicts.peek((query, _DEFAULT_RULES))
    if verdict is None or verdict:
        return None
    chosen = _queries.get((query, operation_name), lambda: _plain_query(document, operation_name))
    return None if chosen is None else (document, chosen[0])


def _plain_query(document: DocumentNode, operation_name: str | None) -> tuple[str | None] | None:
    """The operation Strawberry would execute, as (its name,), when it is a query that reads
    more than the schema; None for anything else."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) != 1:
            return None  # none, or several: refused by the whole path
        operation = operations[0]
    else:
        named = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if not named:
            return None
        operation = named[0]
    if operation.operation is not OperationType.QUERY:
        return None
    if _introspection_only(document, operation.selection_set):
        return None
    name = operation.name.value if operation.name is not None else None
    return (operation_name if operation_name is not None else name,)


def _page_sizes(variables: dict[str, object] | None) -> tuple[tuple[str, int | None], ...]:
    """What schema.limits reads of the variables: a `first` given by a variable counts its
    integer value, any other value as the default size, an absent variable as the argument's
    default. So the analysis is the same for every search filter, and cached once."""
    if not variables:
        return ()
    return tuple(
        sorted((name, value if type(value) is int else None) for name, value in variables.items())
    )


def _introspection_only(document: DocumentNode, selections: SelectionSetNode) -> bool:
    """Whether every root field (through fragments) is `__schema`, `__type` or
    `__typename`: those resolvers read only the schema, so they may run in a thread."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    pending = [selections]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if not selection.name.value.startswith("__"):
                    return False
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen or name not in fragments:
                    continue
                seen.add(name)
                pending.append(fragments[name].selection_set)
    return True


async def _introspect(
    schema: GraphQLSchema, document: DocumentNode, context: ExecutionContext
) -> ExecutionResult:
    assert context.query is not None
    key = (context.query, context.operation_name, json.dumps(context.variables, sort_keys=True))
    with _introspections.lock:
        found = _introspections.entries.get(key)
    if found is not None:
        return found
    result = await asyncio.to_thread(
        execute,
        schema,
        document,
        variable_values=context.variables,
        operation_name=context.operation_name,
    )
    assert isinstance(result, ExecutionResult)
    if not result.errors:
        _introspections.put(key, result)
    return result
