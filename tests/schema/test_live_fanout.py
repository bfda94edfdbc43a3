"""`offerPublished` over a real WebSocket, served by the shared feed (one execution of the
selection per publication and selection): each subscriber still gets exactly what its own
document and filter ask, errors and limits reach it as before, and a subscriber too slow to
keep up is cut off without delaying the others."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
import websockets
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.events import InProcessEvents
from schema.context import Context
from schema.offers.subscriptions import SUBSCRIBER_QUEUE, PreparedDelivery, prepared_delivery
from schema.schema import schema
from server.graphql_app import graphql_app
from tests.offers.test_editing import staff
from tests.schema.live_helpers import free_port, in_process_broker, publish_offer
from tests.waiting import PATIENCE, wait_until

CARD = """subscription($filter: OfferFilter, $withCity: Boolean!) {
  offerPublished(filter: $filter) {
    reference title
    location @include(if: $withCity) { city }
  }
}"""

broker = pytest.fixture(in_process_broker, name="broker")


@pytest.fixture
async def site(db: str, broker: InProcessEvents) -> AsyncIterator[str]:
    """The GraphQL endpoint as the site serves it, on a real port, in this event loop (so it
    shares the test's database and live events)."""
    port = free_port()
    app = Starlette(routes=[WebSocketRoute("/graphql", graphql_app())])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    await wait_until("the server", lambda: server.started)
    yield f"ws://127.0.0.1:{port}/graphql"
    server.should_exit = True
    await serving


class _Client:
    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(
            await asyncio.wait_for(self.connection.recv(), PATIENCE)
        )
        return message


async def _connect(
    url: str, protocol: str = "graphql-transport-ws", init: dict[str, Any] | None = None
) -> _Client:
    connection = await websockets.connect(url, subprotocols=[protocol])  # type: ignore[list-item]
    client = _Client(connection)
    await client.send({"type": "connection_init", "payload": init or {}})
    assert (await client.receive())["type"] == "connection_ack"
    return client


async def _subscribe(client: _Client, id_: str, query: str, **variables: object) -> None:
    payload = {"query": query, "variables": variables}
    await client.send({"id": id_, "type": "subscribe", "payload": payload})


async def test_each_subscriber_gets_its_own_selection_for_its_own_filter(
    site: str, broker: InProcessEvents
) -> None:
    data_only = await _connect(site)
    await _subscribe(
        data_only, "a", CARD, filter={"types": ["STAGE"], "keywords": "data"}, withCity=False
    )
    every_stage = await _connect(site)
    await _subscribe(every_stage, "b", CARD, filter={"types": ["STAGE"]}, withCity=False)
    with_city = await _connect(site)
    await _subscribe(with_city, "c", CARD, filter={"types": ["STAGE"]}, withCity=True)
    aliased = await _connect(site)
    await _subscribe(
        aliased,
        "d",
        "subscription { live: offerPublished(filter: {types: [STAGE]}) { ...Card } }\n"
        "fragment Card on Offer { ref: reference }",
    )
    legacy = await _connect(site, protocol="graphql-ws")
    await legacy.send(
        {
            "id": "e",
            "type": "start",
            "payload": {"query": CARD, "variables": {"withCity": False}},
        }
    )
    await wait_until("every subscription", lambda: broker.subscriber_count == 2)

    juriste = await publish_offer(title="Stage – juriste (F/H)")
    analyst = await publish_offer(title="Stage – data analyst (F/H)")

    assert await data_only.receive() == {
        "id": "a",
        "type": "next",
        "payload": {"data": {"offerPublished": {"reference": analyst.reference,
                                                 "title": analyst.title}}},
    }  # fmt: skip
    for offer in (juriste, analyst):
        assert await every_stage.receive() == {
            "id": "b",
            "type": "next",
            "payload": {"data": {"offerPublished": {"reference": offer.reference,
                                                     "title": offer.title}}},
        }  # fmt: skip
        got = await with_city.receive()
        assert got["payload"]["data"]["offerPublished"] == {
            "reference": offer.reference,
            "title": offer.title,
            "location": {"city": offer.city},
        }
        assert await aliased.receive() == {
            "id": "d",
            "type": "next",
            "payload": {"data": {"live": {"ref": offer.reference}}},
        }
        assert await legacy.receive() == {
            "id": "e",
            "type": "data",
            "payload": {"data": {"offerPublished": {"reference": offer.reference,
                                                     "title": offer.title}}},
        }  # fmt: skip
    # Closing its connection ends a subscriber's part and nobody else's.
    await every_stage.connection.close()
    last = await publish_offer(title="Stage – data engineer (F/H)")
    assert (await data_only.receive())["payload"]["data"]["offerPublished"]["reference"] == (
        last.reference
    )
    for client in (data_only, with_city, aliased, legacy):
        await client.connection.close()


async def test_refusals_reach_the_subscriber_as_protocol_messages(site: str) -> None:
    client = await _connect(site)
    # Over the limits: refused before anything runs, with the limit's own code.
    aliases = " ".join(f"r{n}: reference" for n in range(20))
    await _subscribe(client, "1", "subscription { offerPublished { " + aliases + " } }")
    refused = await client.receive()
    assert refused["type"] == "error" and refused["id"] == "1"
    # A saved search needs an account.
    saved = "subscription($s: ID!) { offerPublished(savedSearchId: $s) { reference } }"
    await _subscribe(client, "2", saved, s="1")
    unauthenticated = await client.receive()
    assert unauthenticated["type"] == "next"
    assert unauthenticated["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await client.receive() == {"id": "2", "type": "complete"}
    await client.connection.close()

    token = await open_session(await staff(AccountRole.RECRUITER))
    signed_in = await _connect(site, init={"token": token})
    await _subscribe(signed_in, "3", saved, s="999")
    unknown = await signed_in.receive()
    assert unknown["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await signed_in.receive() == {"id": "3", "type": "complete"}
    await signed_in.connection.close()


async def test_a_subscriber_too_slow_to_keep_up_is_cut_off_and_delays_nobody(
    db: str, broker: InProcessEvents
) -> None:
    """Through the delivery a transport offers: one connection that never takes its messages
    (its sends never return), one that does."""
    offer = await publish_offer(title="Stage – data analyst (F/H)")
    heard: list[str] = []
    release = asyncio.Event()
    slow_sent: list[str] = []

    async def slow(payload: str) -> None:
        await release.wait()
        slow_sent.append(payload)

    async def quick(payload: str) -> None:
        heard.append(json.loads(payload)["data"]["offerPublished"]["reference"])

    async def subscribe(send: Any) -> None:
        prepared_delivery.set(PreparedDelivery(CARD, None, {"withCity": False}, send))
        stream = await schema.subscribe(
            CARD, variable_values={"withCity": False}, context_value=Context(request=None)
        )
        async for result in stream:  # the delivery sends everything: nothing comes here
            raise AssertionError(result)

    slow_task = asyncio.create_task(subscribe(slow))
    quick_task = asyncio.create_task(subscribe(quick))
    await wait_until("the shared feed", lambda: broker.subscriber_count == 1)
    try:
        published = SUBSCRIBER_QUEUE + 3
        for _ in range(published):
            await broker.publish([offer.id])
        await wait_until("every message to the quick one", lambda: len(heard) == published)
        assert set(heard) == {offer.reference}
        assert not slow_task.done()
        release.set()
        # Once the message it was stuck on is sent, its subscription ends (its client gets
        # `complete`): what it had not taken was dropped, not kept for it.
        await asyncio.wait_for(slow_task, PATIENCE)
        assert len(slow_sent) <= 1
        await broker.publish([offer.id])
        await wait_until("the quick one still served", lambda: len(heard) == published + 1)
    finally:
        slow_task.cancel()
        quick_task.cancel()
        await asyncio.gather(slow_task, quick_task, return_exceptions=True)
