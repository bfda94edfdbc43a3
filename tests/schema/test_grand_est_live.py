"""A live subscriber of `regions: ["GES"]` receives the offers published in Bas-Rhin and
Haut-Rhin (once given the non-region « 6AE »), and only those."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.accounts.tables import AccountRole
from models.events import InProcessEvents
from models.offers.editing import create_offer, publish_offer
from schema.context import Context
from schema.schema import schema
from tests.offers.test_editing import offer_draft, staff
from tests.schema.live_helpers import in_process_broker
from tests.waiting import PATIENCE, wait_until

SUBSCRIPTION = """subscription($filter: OfferFilter) {
  offerPublished(filter: $filter) { reference location { city region { code label } } }
}"""

broker = pytest.fixture(in_process_broker, name="broker")


async def test_grand_est_subscriber_gets_strasbourg_and_colmar(
    db: str, broker: InProcessEvents
) -> None:
    stream = await schema.subscribe(
        SUBSCRIPTION,
        variable_values={"filter": {"regions": ["GES"]}},
        context_value=Context(request=None),
    )
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def listen() -> None:
        async for result in stream:
            assert not result.errors, result.errors
            received.put_nowait(result.data["offerPublished"])  # type: ignore[index]

    listener = asyncio.create_task(listen())
    await wait_until("the subscription", lambda: broker.subscriber_count == 1)
    recruiter = await staff(AccountRole.RECRUITER)
    published = []
    for city, department in (("Strasbourg", "67"), ("Rennes", "35"), ("Colmar", "68")):
        offer = await create_offer(recruiter, offer_draft(city=city, department_code=department))
        published.append(await publish_offer(recruiter, offer.reference))
    try:
        got = [await asyncio.wait_for(received.get(), timeout=PATIENCE) for _ in range(2)]
    finally:
        listener.cancel()
    grand_est = {"code": "GES", "label": "Grand Est"}
    assert got == [
        {
            "reference": published[0].reference,
            "location": {"city": "Strasbourg", "region": grand_est},
        },
        {"reference": published[2].reference, "location": {"city": "Colmar", "region": grand_est}},
    ]
