"""`Offer.similarOffers`: the offers like this one, bounded by `first`."""

from __future__ import annotations

from tests.schema.graphql import post

QUERY = """
query Similar($first: Int!) {
  offer(reference: "A-2021-0192") {
    domain { code }
    diplomaLevel { code }
    similarOffers(first: $first) { reference expired domain { code } diplomaLevel { code } }
  }
}
"""


async def test_similar_offers_share_the_domain_and_leave_the_offer_out(demo_db: str) -> None:
    body = await post(QUERY, {"first": 3})
    assert "errors" not in body, body
    offer = body["data"]["offer"]
    found = offer["similarOffers"]
    assert len(found) == 3
    assert all(o["domain"] == offer["domain"] and not o["expired"] for o in found)
    assert all(o["diplomaLevel"] == offer["diplomaLevel"] for o in found)
    assert "A-2021-0192" not in {o["reference"] for o in found}
    default = await post(QUERY.replace("(first: $first)", "").replace("($first: Int!)", ""))
    assert len(default["data"]["offer"]["similarOffers"]) == 4


async def test_first_outside_one_to_ten_is_an_error(demo_db: str) -> None:
    for first in (0, 11):
        body = await post(QUERY, {"first": first})
        assert body["data"]["offer"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "INVALID_FIRST"
        assert error["path"] == ["offer", "similarOffers"]
