"""Live offers: the `offerPublished` subscription, the broker's fan-out, and two processes
sharing publications through Redis."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from models.events import QUEUE_SIZE, InProcessEvents, SubscriberGone
from models.reference.catalogue import OfferType
from schema.context import Context
from schema.schema import schema
from tests.schema.live_helpers import free_port, in_process_broker, publish_offer
from tests.services import REDIS_URL, need
from tests.waiting import PATIENCE, wait_until

SUBSCRIPTION = """subscription($filter: OfferFilter) {
  offerPublished(filter: $filter) { reference title type }
}"""

broker = pytest.fixture(in_process_broker, name="broker")


async def test_subscribers_get_matching_offers_once(db: str, broker: InProcessEvents) -> None:
    stream = await schema.subscribe(
        SUBSCRIPTION,
        variable_values={"filter": {"keywords": "data", "types": ["STAGE"]}},
        context_value=Context(request=None),
    )
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def listen() -> None:
        async for result in stream:
            assert not result.errors, result.errors
            received.put_nowait(result.data["offerPublished"])  # type: ignore[index]

    listener = asyncio.create_task(listen())
    await wait_until("the subscription", lambda: broker.subscriber_count == 1)
    await publish_offer(title="Stage – juriste (F/H)")  # no « data »: not for this subscriber
    wanted = await publish_offer(title="Stage – data analyst (F/H)")
    # Deliveries keep the order of publications: once a last matching offer has arrived, any
    # duplicate of the wanted one, or the juriste's offer, would have arrived before it.
    last = await publish_offer(title="Stage – data engineer (F/H)")
    try:
        got = [await asyncio.wait_for(received.get(), timeout=PATIENCE) for _ in range(2)]
    finally:
        listener.cancel()
    assert got == [
        {"reference": offer.reference, "title": offer.title, "type": "STAGE"}
        for offer in (wanted, last)
    ]


async def test_subscribers_get_offers_by_the_words_people_use(
    db: str, broker: InProcessEvents
) -> None:
    """« alternance » and « bac+3 » mean for a subscription what they mean for a search: the
    offer's type and level, read in its indexed words (synonyms and « bac+N » included)."""
    stream = await schema.subscribe(
        SUBSCRIPTION,
        variable_values={"filter": {"keywords": "alternance bac+3"}},
        context_value=Context(request=None),
    )
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def listen() -> None:
        async for result in stream:
            assert not result.errors, result.errors
            received.put_nowait(result.data["offerPublished"])  # type: ignore[index]

    plain = {
        "domain": "juridique",
        "employer_description": "<p>Une direction juridique.</p>",
        "post_description": "<p>Rédiger des notes.</p>",
        "profile": "<p>Rigueur.</p>",
        "additional_information": "",
        "comments": "",
    }
    listener = asyncio.create_task(listen())
    await wait_until("the subscription", lambda: broker.subscriber_count == 1)
    await publish_offer(title="Stage – juriste (F/H)", diploma_level="6", **plain)
    await publish_offer(
        title="Juriste (F/H)", type=OfferType.APPRENTISSAGE, diploma_level="7", **plain
    )
    wanted = await publish_offer(
        title="Juriste (F/H)", type=OfferType.APPRENTISSAGE, diploma_level="6", **plain
    )
    try:
        got = await asyncio.wait_for(received.get(), timeout=PATIENCE)
    finally:
        listener.cancel()
    assert got == {"reference": wanted.reference, "title": "Juriste (F/H)", "type": "APPRENTISSAGE"}


async def test_a_slow_subscriber_is_cut_off_and_the_others_go_on() -> None:
    broker = InProcessEvents()
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


async def _web_process(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: ASYNC220 (one start, not a hot path)
        [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory",
         "--port", str(port), "--log-level", "warning"],
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
    data: dict[str, Any] = body["data"]
    return data


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

    publishing_port, subscribing_port = free_port(), free_port()
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
                ack = await asyncio.wait_for(socket_.recv(), PATIENCE)
                assert json.loads(ack)["type"] == "connection_ack"
                variables = {"filter": {"types": ["STAGE"]}}
                payload = {"query": SUBSCRIPTION, "variables": variables}
                await socket_.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))

                async def publish(**changes: object) -> str:
                    created = await _api(
                        publishing_port, CREATE, {"input": offer_input(**changes)}, token
                    )
                    reference = str(created["createOffer"]["offer"]["reference"])
                    await _api(publishing_port, PUBLISH, {"r": reference}, token)
                    return reference

                async def heard(timeout: float) -> str:  # noqa: ASYNC109
                    message = json.loads(await asyncio.wait_for(socket_.recv(), timeout))
                    assert message["type"] == "next", message
                    return str(message["payload"]["data"]["offerPublished"]["reference"])

                # The other process sets the subscription up in its own time, with nothing to
                # tell when it is done: probe offers (no « archiviste ») are published until
                # one is heard, then the real one.
                probes: set[str] = set()

                async def probe_heard() -> bool:
                    probes.add(
                        await publish(
                            title="Stage – sonde de diffusion (F/H)",
                            service="Service de la sonde",
                            postDescription="<p>Vérifier la diffusion</p>",
                        )
                    )
                    try:
                        probes.add(await heard(timeout=1))
                    except TimeoutError:
                        return False
                    return True

                await wait_until("a probe offer heard by the subscriber", probe_heard)
                reference = await publish()
                while (received := await heard(timeout=PATIENCE)) in probes:
                    pass  # probes published before the first one heard may still come
                assert received == reference
            search = '{ offers(filter: {keywords: "archiviste"}) { totalCount } }'

            async def indexed() -> bool:  # the second process's index catches up
                found = await _api(subscribing_port, search, {}, token)
                return bool(found["offers"]["totalCount"] == 1)

            await wait_until("the offer found by the second process", indexed)
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=20)
