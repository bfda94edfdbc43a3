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


async def test_seeing_unchanged_offers_again_keeps_the_index_and_its_caches(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catch-up asks for a margin of recent changes every time: offers it has seen already,
    unchanged, must not count as a change, which would throw away the keyword hits and every
    public answer kept for this version."""
    offers = await create_offers(
        generate_offers(apprenticeships=1, stages=2, seed=9, today=today())
    )
    await publish_offers(offers)
    words = await vocabulary()
    # A phrase: the full-text engine's answer is kept (words are answered by the index itself).
    keywords = SearchCriteria.build(keywords='stage "F/H"', vocabulary=words)
    await search_offers(keywords, first=5)
    index = loaded_facet_index()
    assert index is not None
    version, cached = index.version, dict(index.keyword_cache)
    assert cached  # the keyword search was kept

    monkeypatch.setattr("models.search.facet_index.SYNC_SECONDS", 0.0)
    for _ in range(3):  # each search catches up, within the margin of the publication
        await search_offers(keywords, first=5)
    assert index.version == version
    assert dict(index.keyword_cache).keys() == cached.keys()

    # A real change made elsewhere (an edit, by its new updated_at) still reaches the index.
    await Offer.filter(id=offers[0].id).update(status=OfferStatus.ARCHIVED, updated_at=now())
    page = await search_offers(SearchCriteria.build(vocabulary=words), first=10)
    assert page.total == 2
    assert index.version != version


async def test_a_results_page_reuses_rows_only_while_they_are_current(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows shown on a results page are kept with the index, and given again only while the
    offer's updated_at is the one the index knows: an edit made elsewhere shows at the next
    catch-up, and a bounded number of rows is kept."""
    offers = await create_offers(
        generate_offers(apprenticeships=1, stages=2, seed=10, today=today())
    )
    await publish_offers(offers)
    everything = SearchCriteria.build(vocabulary=await vocabulary())
    first = await search_offers(everything, first=10)
    index = loaded_facet_index()
    assert index is not None
    assert len(index.rows) == 3
    again = await search_offers(everything, first=10)
    assert [o.title for o in again.offers] == [o.title for o in first.offers]
    assert [id(o) for o in again.offers] == [id(o) for o in first.offers]  # not fetched again

    monkeypatch.setattr("models.search.facet_index.SYNC_SECONDS", 0.0)
    await Offer.filter(id=offers[1].id).update(title="Titre modifié (F/H)", updated_at=now())
    edited = await search_offers(everything, first=10)
    assert "Titre modifié (F/H)" in {o.title for o in edited.offers}
    assert len(edited.offers) == 3

    monkeypatch.setattr("models.search.facet_index.ROWS_KEPT", 1)
    await search_offers(everything, first=10)
    assert len(index.rows) == 1


async def test_date_criteria_leave_the_index_and_its_caches(db: str) -> None:
    """The API's publishedSince / updatedSince are read from the offers table: searching with
    them changes nothing the index or its caches hold, and they restrict every facet."""
    offers = await create_offers(
        generate_offers(apprenticeships=1, stages=2, seed=11, today=today())
    )
    await publish_offers(offers[:2])
    cut = now()
    await publish_offers(offers[2:])
    words = await vocabulary()
    await search_offers(SearchCriteria.build(vocabulary=words), first=1)
    index = loaded_facet_index()
    assert index is not None
    # The terms are read in the background once the facets are: their arrival is a change.
    await index.terms_read()
    await search_offers(SearchCriteria.build(keywords='stage "F/H"', vocabulary=words), first=5)
    version, cached = index.version, dict(index.keyword_cache)
    assert cached
    for criteria in (
        SearchCriteria.build(published_since=cut, vocabulary=words),
        SearchCriteria.build(updated_since=cut, vocabulary=words),
    ):
        page = await search_offers(criteria, first=10)
        assert [o.reference for o in page.offers] == [offers[2].reference]
        assert sum(v.count for v in page.facets[Facet.TYPES]) == 1
    assert index.version == version
    assert dict(index.keyword_cache).keys() == cached.keys()
