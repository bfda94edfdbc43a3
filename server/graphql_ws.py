"""graphql-transport-ws with prepared payloads for `offerPublished`.

Strawberry's handler sends each subscription event through graphql-core (the selection
executed for every subscriber) and `json.dumps` (the message encoded for every subscriber):
with 10,000 subscribers one publication cost seconds. This handler changes one thing: around
each operation it offers a `PreparedDelivery` (schema.offers.subscriptions), through which the
subscription's shared feed hands over the payload's JSON text, computed once per selection;
the handler only wraps it in this operation's `next` envelope. Everything else — the protocol's
messages and close codes, parsing, validation and limits, authentication, errors, `complete` —
is Strawberry's own, unchanged: operations that do not use the delivery (queries, mutations,
other subscriptions) run exactly as before.
"""

from __future__ import annotations

import asyncio
import json

from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)

from schema.context import Context
from schema.offers.subscriptions import PreparedDelivery, prepared_delivery

__all__ = ["PreparedGraphQLTransportWSHandler"]


class PreparedGraphQLTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    async def run_operation(self, operation: Operation[Context, None]) -> None:
        websocket = self.websocket
        assert isinstance(websocket, ASGIWebSocketAdapter)  # the view is Strawberry's ASGI one
        # The envelope Strawberry's send_next would build, around the shared payload text.
        head = '{"id":' + json.dumps(operation.id) + ',"type":"next","payload":'

        async def send(payload: str) -> None:
            if operation.completed:  # the client sent `complete`: nothing more for this id
                return
            try:
                await websocket.ws.send_text(head + payload + "}")
            except (WebSocketDisconnect, RuntimeError):
                # The connection is closing (starlette raises RuntimeError once it is closed):
                # the handler's receiving loop sees it too and cancels every operation. Until
                # then this one waits, rather than end and try to send `complete` there.
                await asyncio.Event().wait()

        delivery = PreparedDelivery(
            query=operation.query,
            operation_name=operation.operation_name,
            variables=operation.variables or {},
            send=send,
        )
        # The operation runs in a task of its own: the resolver, awaited from it, sees this.
        prepared_delivery.set(delivery)
        await super().run_operation(operation)
