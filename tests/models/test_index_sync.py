"""Each process's facet index catches up with offers published or withdrawn by another."""

from __future__ import annotations

import pytest

from models.clock import now, today
from models.demo.generator import generate_offers
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import Facet, SearchCriteria
from models.search.facet_index import loaded_facet_index
from models.search.offers import search_offers


async def _total() -> int:
    return (await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=0)).total


async def test_changes_made_elsewhere_reach_this_process(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    offers = await create_offers(
        generate_offers(apprenticeships=1, stages=2, seed=8, today=today())
    )
    await publish_offers(offers[:2])
    assert await _total() == 2
    index = loaded_facet_index()
    assert index is not None

    # Another process archives one offer and publishes another: this process hears nothing.
    await Offer.filter(id=offers[0].id).update(status=OfferStatus.ARCHIVED, updated_at=now())
    await publish_offers(offers[2:])
    stored = await Offer.get(id=offers[2].id)
    index.remove([stored.seq or 0])  # as if published by the other process

    monkeypatch.setattr("models.search.facet_index.SYNC_SECONDS", 3600.0)
    assert await _total() == 2  # not yet caught up: stale for at most SYNC_SECONDS
    monkeypatch.setattr("models.search.facet_index.SYNC_SECONDS", 0.0)
    page = await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=10)
    assert {o.reference for o in page.offers} == {offers[1].reference, offers[2].reference}
    stage_count = {v.value: v.count for v in page.facets[Facet.TYPES]}
    assert sum(stage_count.values()) == 2
