"""The naive baseline of bench.fanout: the real site, except that WebSocket subscriptions go
through Strawberry's own graphql-transport-ws handler, as before the shared feed: every
subscription listens on its own, executes its selection for each offer through graphql-core
and encodes its own message (the announced offers' rows are still loaded once per process).
`python -m bench.naive_fanout PORT`."""

from __future__ import annotations

import sys

import uvicorn
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from server import graphql_app

if __name__ == "__main__":
    # Strawberry's handler offers no prepared delivery: the subscription falls back to
    # yielding each offer to graphql-core.
    # (A narrower class than the attribute's own annotation allows: a baseline's swap.)
    view = graphql_app._PassGraphQL
    view.graphql_transport_ws_handler_class = BaseGraphQLTransportWSHandler  # type: ignore[assignment]
    from server.app import create_app

    uvicorn.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
