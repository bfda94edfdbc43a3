"""`offerPublished`: new offers matching a filter or a saved search, as they are published.

Two ways to deliver, one meaning:
- A transport that can send prepared JSON (server.graphql_ws, for graphql-transport-ws) sets
  `prepared_delivery` around the operation. The subscription is then served by the process's
  shared feed: for each published offer, the document's selection is executed and encoded
  ONCE per distinct selection (same document, operation and selection variables) and the text
  is handed to every subscriber whose filter matches. Each subscriber only decides whether the
  offer matches (SearchCriteria are hashable: one verdict per distinct filter and offer).
- Otherwise (the legacy graphql-ws protocol, `schema.subscribe` in-process) each subscription
  yields the offer and graphql-core executes the selection for it.
Either way the subscription first goes through the same parsing, validation, limits and
argument checks (authentication for `savedSearchId`, errors), since Strawberry runs them
before it calls this resolver.

Slow subscribers (policy, documented in the README): every subscriber of the shared feed has
a bounded queue of prepared messages (SUBSCRIBER_QUEUE). The feed never waits for a
subscriber: when one's queue is full (it does not read, or its connection is too slow to keep
up) it is cut off, its pending messages dropped, and its client receives `complete` once its
connection drains; it may subscribe again. The others are not delayed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections import OrderedDict
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from inspect import isawaitable
from typing import Annotated, Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    Executor,
    FieldNode,
    GraphQLSchema,
    VariableNode,
    Visitor,
    execute_subscription_event,
    parse,
    visit,
)

from models.alerts import matches
from models.errors import UserErrors
from models.events import LiveEvents, SubscriberGone, live_events
from models.offers import Offer as OfferRow
from models.offers import announced_offers
from models.reference import Vocabulary, vocabulary
from models.saved_searches import criteria_of, saved_search_of
from models.search import SearchCriteria
from schema.accounts.auth import require_account
from schema.context import Context, Info
from schema.errors import bad_request, log_and_mask
from schema.inputs import row_id
from schema.offers.queries import OfferFilter, criteria_from_filter
from schema.offers.types import Offer, offer_from_row

__all__ = ["SUBSCRIBER_QUEUE", "OfferSubscription", "PreparedDelivery", "prepared_delivery"]

log = logging.getLogger(__name__)

# Prepared messages a subscriber of the shared feed may have waiting before it is cut off.
SUBSCRIBER_QUEUE = 64
_FIELD = "offerPublished"
_DOCUMENTS_KEPT = 64


@dataclass(frozen=True, slots=True)
class PreparedDelivery:
    """Set by a transport that sends each `next` payload as prepared JSON text: the operation
    as its client sent it, and how to send one payload (`{"data": …}` as JSON text).

    `send` returns only once the text is handed to the connection; a transport whose
    connection is closing may keep it waiting until it cancels the operation."""

    query: str
    operation_name: str | None
    variables: Mapping[str, object]
    send: Callable[[str], Awaitable[None]]


prepared_delivery: ContextVar[PreparedDelivery | None] = ContextVar(
    "prepared_delivery", default=None
)


# Every subscriber of a publication gets the same API object, built once (rows are shared by
# models.offers.announced, and dropped with it). Keyed by the row object itself: a row compares
# equal to any other row of the same id, a later load of an edited offer included.
_built: dict[int, Offer] = {}


def _shared_offer(row: OfferRow, words: Vocabulary) -> Offer:
    offer = _built.get(id(row))
    if offer is None:
        offer = _built[id(row)] = offer_from_row(row, words)
        weakref.finalize(row, _built.pop, id(row), None)
    return offer


@strawberry.type(
    description="What can be followed live, over WebSocket at `/graphql` with the "
    "`graphql-transport-ws` protocol."
)
class OfferSubscription:
    @strawberry.subscription(
        description="Each newly published offer matching `filter`, or the saved search "
        '`savedSearchId` (send `{"token": "…"}` in `connection_init`), once, as it is '
        "published. Over `graphql-transport-ws`."
    )
    async def offer_published(
        self,
        info: Info,
        filter: Annotated[
            OfferFilter | None,
            strawberry.argument(
                description="The criteria, as `offers` takes them (a wrong value is a GraphQL "
                "error); null with no `savedSearchId`: every newly published offer."
            ),
        ] = None,
        saved_search_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="A saved search of the signed-in account to follow instead of "
                "`filter` (which is then ignored); it needs the account's token in "
                "`connection_init`, UNAUTHENTICATED without, NOT_FOUND for another's search."
            ),
        ] = None,
    ) -> AsyncGenerator[Offer, None]:
        if saved_search_id is not None:
            candidate = await require_account(info)
            try:
                search = await saved_search_of(candidate, row_id(saved_search_id))
            except UserErrors:
                raise bad_request("Unknown saved search", "NOT_FOUND", "savedSearchId") from None
            criteria = await criteria_of(search)
        else:
            criteria = await criteria_from_filter(filter)
            if criteria.has_dates():
                raise bad_request(
                    "publishedSince and updatedSince are for queries: a subscription hears "
                    "offers as they are published",
                    "UNSUPPORTED_FILTER",
                    "filter",
                )
        delivery = prepared_delivery.get()
        if delivery is not None:
            await _shared_feed().serve(info.schema._schema, delivery, criteria)
            return
        async with live_events().subscribe() as subscriber:
            while True:
                try:
                    offer_ids = await subscriber.get()
                except SubscriberGone:
                    return
                rows = await announced_offers(offer_ids)
                words = await vocabulary()
                for row, facts in rows:
                    if matches(criteria, facts):
                        yield _shared_offer(row, words)


class _SelectionVariables(Visitor):
    """The variables a document's selection uses: those of `offerPublished`'s arguments only
    choose which offers come, not what each message holds, so they are left out."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable_definition(self, *_: object) -> bool:
        return False  # a declaration (and its default) is not a use

    def enter_variable(self, node: VariableNode, *_: object) -> None:
        self.names.add(node.name.value)

    def enter_field(self, node: FieldNode, *_: object) -> bool | None:
        if node.name.value != _FIELD:
            return None
        for part in (*(node.directives or ()), node.selection_set):
            if part is not None:
                visit(part, self)
        return False


@dataclass(slots=True)
class _Document:
    node: DocumentNode
    selection_variables: frozenset[str]


_documents: OrderedDict[str, _Document] = OrderedDict()


def _document(query: str) -> _Document:
    # Strawberry has parsed, bounded and validated this very text before calling the resolver:
    # parsing it again here is safe, and done once per distinct document.
    found = _documents.get(query)
    if found is None:
        node = parse(query)
        names = _SelectionVariables()
        visit(node, names)
        found = _documents[query] = _Document(node, frozenset(names.names))
        if len(_documents) > _DOCUMENTS_KEPT:
            _documents.popitem(last=False)
    else:
        _documents.move_to_end(query)
    return found


@dataclass(eq=False, slots=True)
class _Member:
    criteria: SearchCriteria
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(SUBSCRIBER_QUEUE)
    )

    def push(self, text: str | None) -> bool:
        """Queues a message (None: the end); False if this subscriber is too far behind."""
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            return False
        return True

    def cut_off(self) -> None:
        while not self.queue.empty():  # what it has not read is dropped, the end comes next
            self.queue.get_nowait()
        self.queue.put_nowait(None)


@dataclass(eq=False, slots=True)
class _Group:
    """Subscribers whose messages are the same text for the same offer."""

    schema: GraphQLSchema
    document: DocumentNode
    operation_name: str | None
    # Any member's variables do: those that shape the message are the same for all.
    variables: Mapping[str, object]
    members: dict[_Member, None] = field(default_factory=dict)

    async def prepare(self, offer: Offer) -> str:
        """The payload of a `next` message for this offer: the selection executed once."""
        # A context of its own: resolvers (attachments' loader) cache per context, and
        # nothing in an offer's fields depends on who is asking.
        executor = Executor.build(
            self.schema,
            self.document,
            context_value=Context(request=None),
            raw_variable_values=dict(self.variables),
            operation_name=self.operation_name,
        )
        if isinstance(executor, list):  # cannot happen: each member's request was validated
            result = ExecutionResult(None, executor)
        else:
            outcome: Any = execute_subscription_event(executor.build_per_event_executor(offer))
            result = await outcome if isawaitable(outcome) else outcome
        payload: dict[str, object] = {"data": result.data}
        if result.errors:
            errors = list(result.errors)
            log_and_mask(errors, log_client_errors=False)
            payload["errors"] = [error.formatted for error in errors]
        return json.dumps(payload, separators=(",", ":"))


class _SharedFeed:
    """One listener of the process's live events for every shared subscription (per event
    loop and carrier): the announced offers are loaded, built and matched once, each distinct
    selection executed once per matching offer."""

    def __init__(self, events: LiveEvents) -> None:
        self.events = events
        self.loop = asyncio.get_running_loop()
        self.groups: dict[tuple[str, str | None, str], _Group] = {}
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    async def serve(
        self, schema: GraphQLSchema, delivery: PreparedDelivery, criteria: SearchCriteria
    ) -> None:
        """Delivers matching offers until the subscriber is cut off (or cancelled)."""
        document = _document(delivery.query)
        shaping = {
            name: value
            for name, value in delivery.variables.items()
            if name in document.selection_variables
        }
        key = (
            delivery.query,
            delivery.operation_name,
            json.dumps(shaping, sort_keys=True, default=str),
        )
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group(
                schema, document.node, delivery.operation_name, delivery.variables
            )
        member = _Member(criteria)
        group.members[member] = None
        try:
            if self._listener is None:
                self._listener = asyncio.create_task(self._listen())
            # Subscribed before the client hears of it: the next publication reaches it.
            await self._listening.wait()
            while (text := await member.queue.get()) is not None:
                await delivery.send(text)
        finally:
            group.members.pop(member, None)
            if not group.members and self.groups.get(key) is group:
                del self.groups[key]
            if not self.groups and self._listener is not None:
                self._listener.cancel()
                self._listener = None
                self._listening.clear()

    async def _listen(self) -> None:
        try:
            async with self.events.subscribe() as subscriber:
                self._listening.set()
                while True:
                    offer_ids = await subscriber.get()
                    try:
                        await self._dispatch(offer_ids)
                    except Exception:  # best effort, as live events are: next publication
                        log.exception("live offers: a publication could not be delivered")
        except SubscriberGone:
            # This process could not keep up with publications: every shared subscription
            # ends (each client may subscribe again) rather than miss offers silently.
            log.warning("live offers: fell behind publications, subscriptions ended")
            for group in self.groups.values():
                for member in group.members:
                    member.cut_off()
            self.groups.clear()
            self._listener = None
            self._listening.clear()

    async def _dispatch(self, offer_ids: list[int]) -> None:
        rows = await announced_offers(offer_ids)
        words = await vocabulary()
        for row, facts in rows:
            offer = _shared_offer(row, words)
            verdicts: dict[SearchCriteria, bool] = {}
            for group in list(self.groups.values()):
                text: str | None = None
                for member in list(group.members):
                    matched = verdicts.get(member.criteria)
                    if matched is None:
                        matched = verdicts[member.criteria] = matches(member.criteria, facts)
                    if not matched:
                        continue
                    if text is None:
                        text = await group.prepare(offer)
                    if not member.push(text):
                        group.members.pop(member, None)
                        member.cut_off()
            # Subscribers take their message before the next offer is handed out: a burst of
            # offers (one publication of many, or many at once) must not fill the queues of
            # subscribers that keep up, only those of subscribers that cannot.
            await asyncio.sleep(0)


_feed: _SharedFeed | None = None


def _shared_feed() -> _SharedFeed:
    global _feed
    events = live_events()
    if _feed is not None and _feed.events is events and _feed.loop is asyncio.get_running_loop():
        return _feed
    # A new carrier (the runtime plugged one in) or event loop: the previous feed serves its
    # subscribers until they leave.
    _feed = _SharedFeed(events)
    return _feed
