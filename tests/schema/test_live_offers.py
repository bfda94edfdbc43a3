"""Live offers: the `offerPublished` subscription, the broker's fan-out, and two processes
sharing publications through Redis."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from models.clock import today
from models.demo.generator import generate_offers
from models.events import use_announcer
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer
from schema.context import Context
from schema.schema import schema
from server.broker import QUEUE_SIZE, InProcessBroker, SubscriberGone, use_broker
from tests.services import REDIS_URL, need

SUBSCRIPTION = """subscription($filter: OfferFilter) {
  offerPublished(filter: $filter) { reference title type }
}"""


async def _publish(**changes: Any) -> Offer:
    [draft] = generate_offers(apprenticeships=0, stages=1, seed=5, today=today())
    for name, value in changes.items():
        setattr(draft, name, value)
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return offer


@pytest.fixture
async def broker() -> AsyncIterator[InProcessBroker]:
    broker = InProcessBroker()
    use_broker(broker)
    use_announcer(broker.publish)
    yield broker
    use_announcer(None)
    use_broker(None)


async def test_subscribers_get_matching_offers_once(db: str, broker: InProcessBroker) -> None:
    stream = await schema.subscribe(
        SUBSCRIPTION,
        variable_values={"filter": {"keywords": "data", "types": ["STAGE"]}},
        context_value=Context(request=None),
    )
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async for result in stream:  # type: ignore[union-attr]
            assert not result.errors, result.errors
            received.append(result.data["offerPublished"])  # type: ignore[index]

    listener = asyncio.create_task(listen())
    for _ in range(100):
        if broker.subscriber_count:
            break
        await asyncio.sleep(0.01)
    await _publish(title="Stage – juriste (F/H)")  # no « data »: not for this subscriber
    wanted = await _publish(title="Stage – data analyst (F/H)")
    for _ in range(200):
        if received:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    listener.cancel()
    assert received == [{"reference": wanted.reference, "title": wanted.title, "type": "STAGE"}]


async def test_a_slow_subscriber_is_cut_off_and_the_others_go_on() -> None:
    broker = InProcessBroker()
    async with broker.subscribe() as slow, broker.subscribe() as quick:
        for number in range(QUEUE_SIZE + 5):
            await broker.publish([number])
            assert await quick.get() == [number]
        assert broker.subscriber_count == 1  # the slow one was dropped, not waited for
        drained = 0
        with pytest.raises(SubscriberGone):
            while True:
                await slow.get()
                drained += 1
        assert drained < QUEUE_SIZE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _web_process(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: ASYNC220 (one start, not a hot path)
        [sys.executable, "-m", "uvicorn", "server.app:app", "--port", str(port),
         "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return process
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "web process did not start"
            await asyncio.sleep(0.2)


async def _api(port: int, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_an_offer_published_by_one_process_reaches_a_subscriber_of_another(
    tmp_path: Path,
) -> None:
    """Two uvicorn processes on one database and one Redis: a recruiter publishes through the
    API of the first, a subscriber of the second receives the offer, and the second's search
    finds it."""
    need("redis", REDIS_URL)
    from models.accounts.sessions import open_session
    from models.accounts.tables import AccountRole
    from tests.offers.test_editing import staff
    from tests.schema.test_offer_mutations_api import CREATE, PUBLISH, offer_input
    from tests.services import fresh_database

    publishing_port, subscribing_port = _free_port(), _free_port()
    async with fresh_database("sqlite", tmp_path) as database_url:
        token = await open_session(await staff(AccountRole.RECRUITER))
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "PASS_DATA_DIR": str(tmp_path / "web"),
            "PASS_DEMO_DATA": "0",
        }
        processes = [
            await _web_process(publishing_port, env),
            await _web_process(subscribing_port, env),
        ]
        try:
            async with websockets.connect(
                f"ws://127.0.0.1:{subscribing_port}/graphql",
                subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            ) as socket_:
                await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
                assert json.loads(await socket_.recv())["type"] == "connection_ack"
                variables = {"filter": {"types": ["STAGE"]}}
                payload = {"query": SUBSCRIPTION, "variables": variables}
                await socket_.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
                await asyncio.sleep(0.5)  # the subscription is set up in the other process
                created = await _api(publishing_port, CREATE, {"input": offer_input()}, token)
                reference = created["createOffer"]["offer"]["reference"]
                await _api(publishing_port, PUBLISH, {"r": reference}, token)
                message = json.loads(await asyncio.wait_for(socket_.recv(), timeout=10))
                assert message["type"] == "next"
                assert message["payload"]["data"]["offerPublished"]["reference"] == reference
            search = '{ offers(filter: {keywords: "archiviste"}) { totalCount } }'
            for _ in range(50):  # the second process's index catches up within two seconds
                found = await _api(subscribing_port, search, {}, token)
                if found["offers"]["totalCount"] == 1:
                    break
                await asyncio.sleep(0.1)
            assert found["offers"]["totalCount"] == 1
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=20)
