"""Place and radius through the API: `OfferFilter.near`, `OfferEdge.distanceKm`, a commune
given to `createOffer`, saved searches and live subscriptions with places."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.accounts.sessions import open_session
from models.accounts.signin import sign_in
from models.accounts.tables import AccountRole
from models.events import InProcessEvents
from models.saved_searches.tables import SavedSearch
from schema.context import Context
from schema.schema import schema
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.offers.test_editing import staff
from tests.schema.graphql import post
from tests.schema.live_helpers import in_process_broker, publish_offer
from tests.schema.test_offer_mutations_api import CREATE, PUBLISH, offer_input
from tests.waiting import PATIENCE, wait_until

SEARCH = """
query Search($filter: OfferFilter) {
  offers(filter: $filter, first: 100) {
    totalCount
    edges { distanceKm node { reference location { city commune { code label } } } }
    facets { regions { value count } }
  }
}
"""

broker = pytest.fixture(in_process_broker, name="broker")


async def _search(filter: dict[str, Any]) -> dict[str, Any]:
    return await post(SEARCH, {"filter": filter})


async def test_offers_near_a_place_with_their_distance(demo_db: str) -> None:
    body = await _search({"near": [{"place": "Strasbourg", "radiusKm": 20}]})
    assert "errors" not in body, body
    offers = body["data"]["offers"]
    assert offers["totalCount"] >= 1
    for edge in offers["edges"]:
        assert edge["node"]["location"]["commune"] == {"code": "67482", "label": "Strasbourg"}
        assert edge["distanceKm"] == 0.0
    assert offers["facets"]["regions"] == [
        {"value": r["value"], "count": offers["totalCount"]} for r in offers["facets"]["regions"]
    ]
    # Within reach of both Paris and Nanterre (11 km apart): distances from Paris, the first.
    both = await _search(
        {"near": [{"place": "75056", "radiusKm": 15}, {"place": "92000", "radiusKm": 15}]}
    )
    edges = both["data"]["offers"]["edges"]
    assert edges and all(e["distanceKm"] is not None and e["distanceKm"] <= 15 for e in edges)
    plain = await _search({})
    assert all(e["distanceKm"] is None for e in plain["data"]["offers"]["edges"])


@pytest.mark.parametrize(
    ("near", "code", "message"),
    [
        ([{"place": "Atlantide", "radiusKm": 20}], "UNKNOWN_PLACE", "Lieu inconnu : Atlantide"),
        ([{"place": "67482", "radiusKm": 0}], "INVALID_RADIUS", "entre 1 et 200 km"),
        ([{"place": "67482", "radiusKm": 10_000}], "INVALID_RADIUS", "entre 1 et 200 km"),
        ([{"place": "67482", "radiusKm": 20}] * 200, "TOO_MANY_VALUES", "5 lieux au plus"),
    ],
)
async def test_wrong_places_are_a_clear_error(
    db: str, near: list[dict[str, Any]], code: str, message: str
) -> None:
    body = await _search({"near": near})
    [error] = body["errors"]
    assert error["extensions"]["code"] == code
    assert message in error["message"]
    assert body["data"] is None


async def test_an_offer_created_with_a_commune_is_found_near_it(db: str) -> None:
    token = await open_session(await staff(AccountRole.RECRUITER))
    wrong = await post(
        CREATE, {"input": offer_input(communeCode="67482", departmentCode="68")}, token=token
    )
    [error] = wrong["data"]["createOffer"]["userErrors"]
    assert error["field"] == "departmentCode"
    assert (
        error["message"] == "La commune Strasbourg (67482) est dans le département 67, et non 68."
    )
    created = await post(
        CREATE, {"input": offer_input(communeCode="67482", departmentCode=None)}, token=token
    )
    offer = created["data"]["createOffer"]["offer"]
    assert created["data"]["createOffer"]["userErrors"] == []
    await post(PUBLISH, {"r": offer["reference"]}, token=token)
    found = await _search({"near": [{"place": "67000", "radiusKm": 5}]})
    [edge] = found["data"]["offers"]["edges"]
    assert edge["node"]["reference"] == offer["reference"]
    assert edge["node"]["location"]["city"] == "Strasbourg"


async def test_saved_searches_keep_their_places_and_their_owner(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    zoe = (await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.9"))[1]
    paul = (await sign_in("paul", PASSWORD, client_address="192.0.2.9"))[1]
    save = (
        "mutation($n: String!, $f: OfferFilter!) { saveSearch(name: $n, filter: $f) {"
        " savedSearch { description searchUrl criteria { near { place name radiusKm } } }"
        " userErrors { field code message } } }"
    )
    refused = await post(
        save, {"n": "X", "f": {"near": [{"place": "Atlantide", "radiusKm": 5}]}}, token=zoe
    )
    [error] = refused["data"]["saveSearch"]["userErrors"]
    assert (error["field"], error["message"]) == ("filter.near", "Lieu inconnu : Atlantide")
    home_and_school = [{"place": "Nanterre", "radiusKm": 20}, {"place": "75056", "radiusKm": 10}]
    saved = await post(save, {"n": "Maison et école", "f": {"near": home_and_school}}, token=zoe)
    search = saved["data"]["saveSearch"]["savedSearch"]
    assert search["criteria"]["near"] == [
        {"place": "92050", "name": "Nanterre", "radiusKm": 20},
        {"place": "75056", "name": "Paris", "radiusKm": 10},
    ]
    assert search["searchUrl"] == "http://pass.test/recherche?pres=92050%3A20&pres=75056%3A10"
    assert "à 20 km de Nanterre et à 10 km de Paris" in search["description"]
    theirs = await post("{ me { savedSearches { name } } }", token=paul)
    assert theirs["data"]["me"]["savedSearches"] == []
    assert await SavedSearch.all().count() == 1


async def test_live_subscribers_get_only_the_offers_within_reach(
    db: str, broker: InProcessEvents
) -> None:
    stream = await schema.subscribe(
        "subscription($filter: OfferFilter) { offerPublished(filter: $filter) { reference } }",
        variable_values={"filter": {"near": [{"place": "Strasbourg", "radiusKm": 30}]}},
        context_value=Context(request=None),
    )
    received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def listen() -> None:
        async for result in stream:
            assert not result.errors, result.errors
            received.put_nowait(result.data["offerPublished"])  # type: ignore[index]

    listener = asyncio.create_task(listen())
    await wait_until("the subscription", lambda: broker.subscriber_count == 1)
    await publish_offer(city="Rennes", department_code="35", commune_code="35238")
    await publish_offer(city="Paris", department_code="75", commune_code=None)  # no position
    wanted = await publish_offer(city="Schiltigheim", department_code="67", commune_code="67447")
    try:
        got = await asyncio.wait_for(received.get(), timeout=PATIENCE)
    finally:
        listener.cancel()
    assert got == {"reference": wanted.reference}
