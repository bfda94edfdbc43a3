"""Results that explain themselves, over HTTP: `orderBy`, `highlights`, `relaxations`."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from models.clock import today
from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from models.search.ordering import SearchOrder
from tests.schema.graphql import post

SEARCH = """
query Search($filter: OfferFilter, $first: Int, $after: String, $order: OfferOrder!) {
  offers(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { reference expiresOn } highlights { title extract } }
    relaxations {
      label count
      filter {
        types keywords diplomaLevel domains administrations regions departments countries
        near { place radiusKm }
      }
    }
  }
}
"""


async def _pages(order: str, filter: dict[str, Any] | None = None) -> list[str]:
    found: list[str] = []
    after = None
    while True:
        body = await post(SEARCH, {"filter": filter, "first": 7, "after": after, "order": order})
        assert "errors" not in body, body
        offers = body["data"]["offers"]
        found += [e["node"]["reference"] for e in offers["edges"]]
        if not offers["pageInfo"]["hasNextPage"]:
            return found
        after = offers["pageInfo"]["endCursor"]


async def test_each_order_pages_through_the_api_as_the_domain_orders(demo_db: str) -> None:
    for order in ("RELEVANCE", "NEWEST", "DEADLINE"):
        cases: list[tuple[dict[str, Any] | None, str | None, list[str]]] = [
            (None, None, []),
            ({"keywords": "communication"}, "communication", []),
            ({"types": ["APPRENTISSAGE"]}, None, ["apprentissage"]),
        ]
        for filter, keywords, types in cases:
            criteria = SearchCriteria.build(
                keywords=keywords, types=types, vocabulary=await vocabulary()
            )
            whole = await search_offers(criteria, first=100, order=SearchOrder[order])
            assert await _pages(order, filter) == [o.reference for o in whole.offers]
    body = await post(SEARCH, {"first": 100, "order": "DEADLINE"})
    dates = [e["node"]["expiresOn"] for e in body["data"]["offers"]["edges"]]
    assert len(dates) == body["data"]["offers"]["totalCount"] > 1
    known = [d for d in dates if d is not None]
    assert known == sorted(known) and dates[: len(known)] == known  # none after every date


async def test_a_cursor_of_another_order_and_distance_without_a_place_are_refused(
    demo_db: str,
) -> None:
    body = await post(SEARCH, {"first": 2, "order": "NEWEST"})
    cursor = body["data"]["offers"]["pageInfo"]["endCursor"]
    other = await post(SEARCH, {"first": 2, "after": cursor, "order": "DEADLINE"})
    assert other["data"] is None
    assert [(e["message"], e["extensions"]) for e in other["errors"]] == [
        ("Curseur de pagination invalide", {"code": "INVALID_CURSOR", "field": "after"})
    ]
    # Forged, with a publication number beyond the index's integers: refused, not a failure.
    forged = base64.urlsafe_b64encode(b"v1:0:99999999999999").decode().rstrip("=")
    beyond = await post(SEARCH, {"first": 2, "after": forged, "order": "RELEVANCE"})
    assert [e["extensions"]["code"] for e in beyond["errors"]] == ["INVALID_CURSOR"]
    distance = await post(SEARCH, {"first": 2, "order": "DISTANCE"})
    assert distance["data"] is None
    assert [(e["message"], e["extensions"]) for e in distance["errors"]] == [
        (
            "Le tri par distance demande un lieu : indiquez un lieu et un rayon",
            {"code": "ORDER_NEEDS_PLACE", "field": "orderBy"},
        )
    ]
    unknown = await post(SEARCH, {"first": 2, "order": "PRICE"})
    # A value outside the enum is refused while variables are read, as for any enum.
    assert [e["extensions"]["code"] for e in unknown["errors"]] == ["BAD_USER_INPUT"]
    default = await post("{ offers(first: 3) { edges { node { reference } } } }")
    newest = await post(SEARCH, {"first": 3, "order": "NEWEST"})
    assert [e["node"]["reference"] for e in default["data"]["offers"]["edges"]] == [
        e["node"]["reference"] for e in newest["data"]["offers"]["edges"]
    ]  # without keywords, relevance is newest first


async def test_highlights_mark_the_stemmed_words_in_escaped_text(db: str) -> None:
    draft = OfferDraft(
        type=OfferType.STAGE,
        title="<script>alert('x')</script> Ingénieur & juriste",
        post_description="<p>Deux ingénieurs <b>&amp;</b> un &lt;i&gt;juriste&lt;/i&gt;.</p>",
        diploma_level="6",
        domain="communication",
        administration="interieur",
        service="Ministère de l'Intérieur",
        department_code="75",
        region_code="IDF",
        expires_on=today() + timedelta(days=10),
        reference="S-H-01",
    )
    await publish_offers(await create_offers([draft]))
    body = await post(SEARCH, {"filter": {"keywords": "ingénieurs"}, "order": "RELEVANCE"})
    [edge] = body["data"]["offers"]["edges"]
    assert edge["highlights"] == {
        "title": "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>Ingénieur</mark> "
        "&amp; juriste",
        "extract": "Deux <mark>ingénieurs</mark> &amp; un &lt;i&gt;juriste&lt;/i&gt;.",
    }
    script = await post(SEARCH, {"filter": {"keywords": "script"}, "order": "NEWEST"})
    [edge] = script["data"]["offers"]["edges"]
    assert edge["highlights"]["title"].startswith("&lt;<mark>script</mark>&gt;")
    assert edge["highlights"]["extract"] is None  # the body's text has no « script »
    plain = await post(SEARCH, {"order": "NEWEST"})
    assert [e["highlights"] for e in plain["data"]["offers"]["edges"]] == [None]
    assert plain["data"]["offers"]["relaxations"] == []  # offers found: nothing to drop


async def test_relaxations_give_filters_that_find_what_they_announce(demo_db: str) -> None:
    impossible = {
        "regions": ["BRE"],
        "domains": ["numerique"],
        "diplomaLevel": "7",
        "keywords": "développeur",
    }
    body = await post(SEARCH, {"filter": impossible, "first": 0, "order": "RELEVANCE"})
    offers = body["data"]["offers"]
    assert offers["totalCount"] == 0
    relaxations = offers["relaxations"]
    assert relaxations, "an impossible search is offered a way out"
    assert [r["count"] for r in relaxations] == sorted(
        (r["count"] for r in relaxations), reverse=True
    )
    for relaxation in relaxations:
        sent_back = await post(
            SEARCH, {"filter": relaxation["filter"], "first": 0, "order": "RELEVANCE"}
        )
        assert "errors" not in sent_back, sent_back
        assert sent_back["data"]["offers"]["totalCount"] == relaxation["count"], relaxation
    labels = [r["label"] for r in relaxations]
    assert "sans « Région : Bretagne »" in labels
    region = relaxations[labels.index("sans « Région : Bretagne »")]
    assert region["filter"] == {
        "types": [],
        "keywords": "développeur",
        "diplomaLevel": "7",
        "domains": ["numerique"],
        "administrations": [],
        "regions": [],
        "departments": [],
        "countries": [],
        "near": [],
    }


NEAREST = """
query Nearest($filter: OfferFilter, $first: Int, $after: String, $order: OfferOrder!) {
  offers(filter: $filter, first: $first, after: $after, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { distanceKm node { reference } }
  }
}
"""


async def test_distance_order_through_the_api_nearest_first_with_its_distances(
    demo_db: str,
) -> None:
    near = [{"place": "Nanterre", "radiusKm": 30}, {"place": "75056", "radiusKm": 50}]
    criteria = SearchCriteria.build(
        near=[("Nanterre", 30), ("75056", 50)], vocabulary=await vocabulary()
    )
    whole = await search_offers(criteria, first=100, order=SearchOrder.DISTANCE)
    assert whole.total > 7  # more than a page below
    found: list[tuple[str, float]] = []
    after = None
    while True:
        variables = {"filter": {"near": near}, "first": 7, "after": after, "order": "DISTANCE"}
        body = await post(NEAREST, variables)
        assert "errors" not in body, body
        offers = body["data"]["offers"]
        assert offers["totalCount"] == whole.total
        found += [(e["node"]["reference"], e["distanceKm"]) for e in offers["edges"]]
        if not offers["pageInfo"]["hasNextPage"]:
            break
        after = offers["pageInfo"]["endCursor"]
    assert [r for r, _ in found] == [o.reference for o in whole.offers]
    # Distances from the first place (Nanterre), never decreasing, within its radius.
    distances = [d for _, d in found]
    assert distances == sorted(distances) and distances[-1] <= 30
    assert distances == [round(d or 0, 1) for d in whole.distances]
    # Without a place, or with an empty list of places: refused, saying why.
    placeless: list[dict[str, Any] | None] = [None, {"near": []}, {"keywords": "communication"}]
    for filter in placeless:
        refused = await post(NEAREST, {"filter": filter, "first": 2, "order": "DISTANCE"})
        assert refused["data"] is None
        assert [e["extensions"] for e in refused["errors"]] == [
            {"code": "ORDER_NEEDS_PLACE", "field": "orderBy"}
        ]
    # A distance cursor is refused by another order.
    newest = await post(
        NEAREST, {"filter": {"near": near}, "first": 2, "after": after or "", "order": "NEWEST"}
    )
    assert [e["extensions"]["code"] for e in newest["errors"]] == ["INVALID_CURSOR"]


async def test_relaxations_with_places_give_filters_that_find_what_they_announce(
    demo_db: str,
) -> None:
    impossible = {
        "near": [{"place": "Gap", "radiusKm": 10}, {"place": "13055", "radiusKm": 200}],
        "types": ["STAGE"],
    }
    body = await post(SEARCH, {"filter": impossible, "first": 0, "order": "RELEVANCE"})
    offers = body["data"]["offers"]
    assert offers["totalCount"] == 0
    relaxations = {r["label"]: r for r in offers["relaxations"]}
    # Gap and Marseille are 150 km apart: dropping Gap, or reaching 200 km around it (100 km
    # finds stages near Gap, none of them within 200 km of Marseille).
    assert list(relaxations) == ["sans « Lieu : Gap (10 km) »", "à 200 km de Gap au lieu de 10"]
    for relaxation in relaxations.values():
        sent_back = await post(
            SEARCH, {"filter": relaxation["filter"], "first": 0, "order": "RELEVANCE"}
        )
        assert "errors" not in sent_back, sent_back
        assert sent_back["data"]["offers"]["totalCount"] == relaxation["count"] > 0, relaxation
    # Places come back as INSEE codes, in their order, the radius widened in place.
    dropped = relaxations["sans « Lieu : Gap (10 km) »"]["filter"]
    assert dropped["near"] == [{"place": "13055", "radiusKm": 200}]
    assert dropped["types"] == ["STAGE"]
    widened = relaxations["à 200 km de Gap au lieu de 10"]["filter"]
    assert widened["near"] == [
        {"place": "05061", "radiusKm": 200},
        {"place": "13055", "radiusKm": 200},
    ]
