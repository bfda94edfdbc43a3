"""One meaning of "matches": the SQL search and the in-memory matcher, and the saved-search
index, agree on every offer for random criteria."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import lists

from models.alerts.matching import facts_of, matches
from models.alerts.search_index import SavedSearchIndex
from models.offers.announced import load_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria, criteria_from_query, criteria_to_query
from models.search.offers import search_offers
from tests.models.test_facets_property import criteria_strategy


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=criteria_strategy())
async def test_matcher_and_sql_search_give_the_same_offers(
    demo_db: str, raw: dict[str, object]
) -> None:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    page = await search_offers(criteria, first=100)
    found = {o.reference for o in page.offers}
    live = await Offer.filter(status=OfferStatus.PUBLISHED, reference__in=await _live_references())
    matched = {o.reference for o in live if matches(criteria, facts_of(o))}
    assert matched == found, criteria
    # Live subscriptions read published offers through load_offers, saved searches (alerts,
    # subscriptions by savedSearchId) their criteria from the stored address: the same again,
    # places (their order too: distances are from the first) included.
    params: dict[str, list[str]] = {}
    for name, value in criteria_to_query(criteria):
        params.setdefault(name, []).append(value)
    saved = criteria_from_query(params, await vocabulary())
    assert saved == criteria and saved.near == criteria.near
    assert [n.commune_code for n in saved.near] == [n.commune_code for n in criteria.near]
    announced = await load_offers([o.id for o in live])
    assert {row.reference for row, facts in announced if matches(saved, facts)} == found


async def _live_references() -> list[str]:
    page = await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=100)
    return [o.reference for o in page.offers]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raws=criteria_strategy().flatmap(
        lambda first: criteria_strategy().map(lambda second: [first, second])
    )
)
async def test_index_finds_exactly_the_matching_searches(
    demo_db: str, raws: list[dict[str, object]]
) -> None:
    words = await vocabulary()
    searches = {n: SearchCriteria.build(**raw, vocabulary=words) for n, raw in enumerate(raws)}  # type: ignore[arg-type]
    index = SavedSearchIndex()
    index.put_many(searches.items())
    for offer in await Offer.filter(status=OfferStatus.PUBLISHED).limit(40):
        facts = facts_of(offer)
        expected = {n for n, criteria in searches.items() if matches(criteria, facts)}
        assert set(index.matching(facts)) == expected


async def test_index_follows_changes(demo_db: str) -> None:
    words = await vocabulary()
    offer = await Offer.get(reference="A-2021-0192")
    facts = facts_of(offer)
    index = SavedSearchIndex()
    marketing = SearchCriteria.build(keywords="marketing", vocabulary=words)
    stage_only = SearchCriteria.build(types=["stage"], vocabulary=words)
    index.put_many([(1, marketing), (2, stage_only), (3, SearchCriteria.build(vocabulary=words))])
    assert set(index.matching(facts)) == {1, 3}
    index.put(2, SearchCriteria.build(types=["apprentissage"], regions=["IDF"], vocabulary=words))
    assert set(index.matching(facts)) == {1, 2, 3}
    index.remove(1)
    index.put(3, SearchCriteria.build(keywords='"client usager"', vocabulary=words))
    assert set(index.matching(facts)) == {2, 3}
    index.put(3, SearchCriteria.build(keywords='"usager client"', vocabulary=words))
    assert set(index.matching(facts)) == {2}
    assert len(index) == 2


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raws=lists(criteria_strategy(), min_size=40, max_size=80))
async def test_index_finds_exactly_the_matching_searches_among_many(
    demo_db: str, raws: list[dict[str, object]]
) -> None:
    """Many searches share shapes (the facets they restrict) and keyword anchors; replacing
    and removing some must leave exactly the others."""
    words = await vocabulary()
    searches = {n: SearchCriteria.build(**raw, vocabulary=words) for n, raw in enumerate(raws)}  # type: ignore[arg-type]
    index = SavedSearchIndex()
    index.put_many(searches.items())
    for n in list(searches)[::3]:
        index.remove(n)
        del searches[n]
    for n in list(searches)[::4]:
        # Changed criteria: those of another search of the example.
        searches[n] = SearchCriteria.build(**raws[-1 - n], vocabulary=words)  # type: ignore[arg-type]
        index.put(n, searches[n])
    offers = await Offer.filter(status=OfferStatus.PUBLISHED)
    for offer in offers:
        facts = facts_of(offer)
        expected = {n for n, criteria in searches.items() if matches(criteria, facts)}
        assert set(index.matching(facts)) == expected
    assert len(index) == len(searches)
