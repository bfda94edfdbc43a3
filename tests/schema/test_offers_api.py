"""The public GraphQL API over HTTP: search with facets, paging, one offer, and bad requests."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx

from schema.schema import schema
from tests.schema.graphql import post
from tests.web_app import app

SEARCH = """
query Search($filter: OfferFilter, $first: Int, $after: String) {
  offers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { reference title type expired } }
    facets {
      types { value label count selected }
      diplomaLevels { value count selected }
      domains { value label count selected }
      administrations { value count }
      regions { value label count }
      departments { value count }
      countries { value label count }
    }
  }
}
"""

OFFER = """
query Offer($reference: String!) {
  offer(reference: $reference) {
    id reference title type expired url
    employerDescription postDescription profile additionalInformation comments
    diplomaLevel { code label } domain { code label } administration { code label }
    service workplace contractStart expiresOn
    location { city department { code label } region { code label } country { code label } }
    contact { name email phone url }
    attachments { filename contentType size url }
  }
}
"""


def _facet(body: dict[str, Any], name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["data"]["offers"]["facets"][name]}


async def test_all_offers_with_type_counts(demo_db: str) -> None:
    body = await post(SEARCH, {"first": 5})
    assert "errors" not in body
    offers = body["data"]["offers"]
    assert offers["totalCount"] == 77
    assert _facet(body, "types") == {"APPRENTISSAGE": 24, "STAGE": 53}
    assert len(offers["edges"]) == 5
    assert offers["edges"][0]["node"]["reference"] == "A-2021-0192"  # the newest
    assert offers["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "endCursor": offers["edges"][-1]["cursor"],
    }
    assert sum(_facet(body, "domains").values()) == 77


async def test_facet_counts_stay_disjunctive(demo_db: str) -> None:
    body = await post(SEARCH, {"filter": {"types": ["STAGE"]}, "first": 0})
    offers = body["data"]["offers"]
    assert offers["totalCount"] == 53
    types = {v["value"]: (v["count"], v["selected"]) for v in offers["facets"]["types"]}
    assert types == {"APPRENTISSAGE": (24, False), "STAGE": (53, True)}
    # Other facets count within the selected type only.
    assert sum(_facet(body, "domains").values()) == 53


async def test_facets_combine_or_within_and_across(demo_db: str) -> None:
    everything = await post(SEARCH, {"first": 0})
    regions = _facet(everything, "regions")
    two = sorted(regions, key=regions.__getitem__)[-2:]
    body = await post(SEARCH, {"filter": {"regions": two}, "first": 0})
    assert body["data"]["offers"]["totalCount"] == regions[two[0]] + regions[two[1]]
    narrowed = await post(
        SEARCH, {"filter": {"regions": two, "types": ["APPRENTISSAGE"]}, "first": 0}
    )
    assert narrowed["data"]["offers"]["totalCount"] == _facet(body, "types")["APPRENTISSAGE"]


async def test_paging_with_cursors_visits_every_offer_once(demo_db: str) -> None:
    seen: list[str] = []
    after = None
    while True:
        body = await post(SEARCH, {"first": 10, "after": after})
        offers = body["data"]["offers"]
        seen += [e["node"]["reference"] for e in offers["edges"]]
        if not offers["pageInfo"]["hasNextPage"]:
            break
        after = offers["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 77
    whole = await post(SEARCH, {"first": 100})
    assert seen == [e["node"]["reference"] for e in whole["data"]["offers"]["edges"]]


async def test_the_manual_example_offer(demo_db: str) -> None:
    body = await post(OFFER, {"reference": "A-2021-0192"})
    offer = body["data"]["offer"]
    assert offer["title"] == "Apprenti Marketing et expérience client/usager (F/H)"
    assert offer["type"] == "APPRENTISSAGE"
    assert offer["expired"] is False
    assert offer["diplomaLevel"] == {"code": "6", "label": "Niveau 6 – (Bac+3 ou 4)"}
    assert offer["domain"] == {"code": "numerique", "label": "Numérique, digital"}
    assert offer["administration"]["label"] == "Ministère de l'Intérieur"
    assert offer["workplace"] == "PARIS 14e"
    assert offer["location"]["city"] == "Paris"
    assert offer["location"]["department"]["code"] == "75"
    assert offer["location"]["region"] == {"code": "IDF", "label": "Île-de-France"}
    assert offer["location"]["country"] == {"code": "FR", "label": "France"}
    assert offer["contact"]["email"] == "antai-recrutement@interieur.gouv.fr"
    assert '<a href="http://www.antai.gouv.fr"' in offer["employerDescription"]
    assert offer["comments"].find("2020-504552") >= 0
    assert base64.b64decode(offer["id"]).decode() == "Offer:A-2021-0192"
    [attachment] = offer["attachments"]
    assert attachment["contentType"] == "application/pdf"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.get(attachment["url"])
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) == attachment["size"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")


async def test_node_by_global_id(demo_db: str) -> None:
    global_id = base64.b64encode(b"Offer:A-2021-0192").decode()
    body = await post(
        "query($id: ID!) { node(id: $id) { ... on Offer { reference title } } }", {"id": global_id}
    )
    assert body["data"]["node"]["reference"] == "A-2021-0192"


async def test_unknown_reference_is_null(demo_db: str) -> None:
    body = await post(OFFER, {"reference": "S-1999-9999"})
    assert body == {"data": {"offer": None}}


async def test_expired_offers_stay_readable_but_leave_results(demo_db: str) -> None:
    body = await post(SEARCH, {"first": 100})
    listed = {e["node"]["reference"] for e in body["data"]["offers"]["edges"]}
    everything = await post("{ offers(first: 100) { edges { node { expired } } } }")
    assert all(not e["node"]["expired"] for e in everything["data"]["offers"]["edges"])
    from models.offers.tables import Offer

    expired = [o for o in await Offer.all() if o.reference not in listed]
    assert len(expired) == 3
    detail = await post(OFFER, {"reference": expired[0].reference})
    assert detail["data"]["offer"]["expired"] is True


async def test_unknown_code_is_a_clear_error(demo_db: str) -> None:
    body = await post(SEARCH, {"filter": {"domains": ["numerique", "astrologie"]}})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == "Code inconnu pour « Domaine d'activité » : astrologie"
    assert error["extensions"] == {"code": "UNKNOWN_CODE", "field": "filter.domains"}


async def test_page_size_and_cursor_are_checked(demo_db: str) -> None:
    too_many = await post(SEARCH, {"first": 101})
    assert [e["extensions"]["code"] for e in too_many["errors"]] == ["INVALID_FIRST"]
    negative = await post(SEARCH, {"first": -1})
    assert [e["extensions"]["code"] for e in negative["errors"]] == ["INVALID_FIRST"]
    for cursor in ("nope", "", "djE6MjoxMA", base64.b64encode(b"\xff\xfe").decode()):
        body = await post(SEARCH, {"first": 5, "after": cursor})
        if cursor == "":
            assert "errors" not in body  # an empty cursor means the first page
            continue
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CURSOR"], cursor


async def test_hostile_keywords_never_fail(demo_db: str) -> None:
    for keywords in ('"', "NEAR(a b)", "-x *", "((", "😀" * 100, "a" * 10_000):
        body = await post(SEARCH, {"filter": {"keywords": keywords}, "first": 1})
        assert "errors" not in body, keywords


async def test_query_limits(demo_db: str) -> None:
    # (Depth is limited too, but no query of today's schema is deep enough to reach the limit.)
    many_tokens = "{ " + " ".join(["domains { code label }"] * 600) + " }"
    body = await post(many_tokens)
    assert "token" in body["errors"][0]["message"].lower()
    aliases = "{ " + " ".join(f"a{i}: domains {{ code }}" for i in range(16)) + " }"
    body = await post(aliases)
    assert "aliases" in body["errors"][0]["message"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        huge = await client.post("/graphql", json={"query": "{ domains { code } }" + " " * 70_000})
    assert huge.status_code == 413


async def test_reference_lists(demo_db: str) -> None:
    body = await post(
        "{ regions { code label } departments { code label } countries { code label }"
        " diplomaLevels { code label } domains { code } administrations { code } }"
    )
    data = body["data"]
    assert {"code": "IDF", "label": "Île-de-France"} in data["regions"]
    assert {"code": "2A", "label": "2A - Corse-du-Sud"} in data["departments"]
    assert {"code": "DE", "label": "Allemagne"} in data["countries"]
    assert [level["code"] for level in data["diplomaLevels"]] == ["3", "4", "5", "6", "7", "8"]
    assert len(data["domains"]) == 17


async def test_graphiql_in_a_browser() -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_committed_schema_matches_the_code() -> None:
    committed = Path(__file__).parents[2] / "schema.graphql"
    assert committed.read_text() == schema.as_str() + "\n", (
        "schema.graphql is stale: run `python -m schema.export`"
    )
