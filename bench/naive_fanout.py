"""The naive baseline of bench.fanout: the real site, except that every live subscription loads
and prepares the announced offers itself (one query and one word analysis per subscriber and
publication). `python -m bench.naive_fanout PORT`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import uvicorn

import models.offers
from models.offers import announced


async def _each_on_its_own(offer_ids: Sequence[int]) -> list[announced.Announced]:
    return await announced.load_offers(offer_ids)


if __name__ == "__main__":
    # Where the subscription and the results pages find it (models.offers' public face).
    models.offers.announced_offers = _each_on_its_own
    from server.app import create_app

    uvicorn.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
