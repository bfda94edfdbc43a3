"""What the tests of live offers share: a free port, an in-process broker and a way to
publish an offer."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

from models.clock import today
from models.demo.generator import generate_offers
from models.events import InProcessEvents, use_live_events
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def publish_offer(**changes: Any) -> Offer:
    """A generated stage, with `changes` made to its draft, created and published."""
    [draft] = generate_offers(apprenticeships=0, stages=1, seed=5, today=today())
    for name, value in changes.items():
        setattr(draft, name, value)
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return offer


async def in_process_broker() -> AsyncIterator[InProcessEvents]:
    """A fixture's body, registered by each module as `broker`: a fixture imported from
    another module would be an unused import that its tests' arguments redefine."""
    broker = InProcessEvents()
    use_live_events(broker)
    yield broker
    use_live_events(None)
