"""`alertPreview` and `SavedSearch.expectedPerWeek`: the last 90 days' matching publications,
counted with the alerts' predicate, and the same refusals as a search's filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.accounts.signin import sign_in
from models.alerts.matching import facts_of, matches
from models.clock import now
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search
from models.search.criteria import SearchCriteria
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.schema.graphql import post

PREVIEW = "query($f: OfferFilter!) { alertPreview(filter: $f) { expectedPerWeek lastNinetyDays } }"


async def _plain_count(criteria: SearchCriteria) -> int:
    since = now() - timedelta(days=90)
    rows = await Offer.filter(published_at__gte=since).exclude(status=OfferStatus.DRAFT)
    return sum(1 for o in rows if matches(criteria, facts_of(o)))


async def test_preview_of_a_filter(demo_db: str) -> None:
    words = await vocabulary()
    for api_filter, criteria in [
        ({"types": ["STAGE"]}, SearchCriteria.build(types=["stage"], vocabulary=words)),
        (
            {"keywords": "communication", "types": ["APPRENTISSAGE"]},
            SearchCriteria.build(
                keywords="communication", types=["apprentissage"], vocabulary=words
            ),
        ),
        ({}, SearchCriteria.build(vocabulary=words)),
    ]:
        expected = await _plain_count(criteria)
        assert expected > 0, api_filter
        body = await post(PREVIEW, {"f": api_filter})
        assert "errors" not in body, body
        assert body["data"]["alertPreview"]["lastNinetyDays"] == expected
        per_week = body["data"]["alertPreview"]["expectedPerWeek"]
        assert per_week == pytest.approx(expected * 7 / 90)


async def test_a_wrong_filter_is_refused_as_a_search_refuses_it(demo_db: str) -> None:
    unknown = await post(PREVIEW, {"f": {"regions": ["ATLANTIDE"]}})
    assert unknown["data"] is None
    [error] = unknown["errors"]
    assert error["message"] == "Code inconnu pour « Région » : ATLANTIDE"
    assert error["extensions"] == {"code": "UNKNOWN_CODE", "field": "filter.regions"}
    dated = await post(PREVIEW, {"f": {"publishedSince": "2026-01-01T00:00:00Z"}})
    assert dated["data"] is None
    [error] = dated["errors"]
    assert error["extensions"] == {"code": "INVALID", "field": "filter.publishedSince"}
    assert "ne retient pas de date" in error["message"]
    missing = await post("{ alertPreview { lastNinetyDays } }")
    assert missing["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_each_saved_search_says_its_pace_to_its_owner_only(demo_db: str) -> None:
    words = await vocabulary()
    owner = await new_candidate(username="rythme", email="rythme@exemple.fr")
    await new_candidate(username="curieux", email="curieux@exemple.fr")
    criteria = SearchCriteria.build(types=["stage"], vocabulary=words)
    await save_search(owner, "Stages", criteria)
    token = (await sign_in("rythme", PASSWORD, client_address="192.0.2.9"))[1]
    other = (await sign_in("curieux", PASSWORD, client_address="192.0.2.9"))[1]
    query = "{ me { savedSearches { name expectedPerWeek } } }"
    mine = await post(query, token=token)
    [search] = mine["data"]["me"]["savedSearches"]
    assert search["name"] == "Stages"
    assert search["expectedPerWeek"] == pytest.approx(await _plain_count(criteria) * 7 / 90)
    preview = await post(PREVIEW, {"f": {"types": ["STAGE"]}})
    assert search["expectedPerWeek"] == preview["data"]["alertPreview"]["expectedPerWeek"]
    theirs = await post(query, token=other)
    assert theirs["data"]["me"]["savedSearches"] == []
