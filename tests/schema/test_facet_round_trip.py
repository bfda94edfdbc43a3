"""Property over the demo catalogue, on both engines, through the API: every value a facet
returns is accepted by the filter and gives a total equal to its count — alone, and with a
value of another facet (whose count, in the first answer, was worked out with this one)."""

from __future__ import annotations

from typing import Any

from tests.schema.graphql import post

FACETS = {  # facet → the filter field that takes its values
    "types": "types",
    "diplomaLevels": "diplomaLevel",
    "domains": "domains",
    "administrations": "administrations",
    "regions": "regions",
    "departments": "departments",
    "countries": "countries",
}
SEARCH = (
    "query($filter: OfferFilter) { offers(filter: $filter, first: 0) { totalCount facets { "
    + " ".join(f"{facet} {{ value label count selected }}" for facet in FACETS)
    + " } } }"
)


def _filter(*chosen: tuple[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for facet, value in chosen:
        field = FACETS[facet]
        found[field] = value if field == "diplomaLevel" else [value]
    return found


async def _search(filter_: dict[str, Any]) -> dict[str, Any]:
    body = await post(SEARCH, {"filter": filter_})
    assert "errors" not in body, (filter_, body.get("errors"))
    offers: dict[str, Any] = body["data"]["offers"]
    return offers


async def test_every_facet_value_filters_to_its_count(demo_db: str) -> None:
    everything = await _search({})
    seen = pairs = 0
    for number, (facet, values) in enumerate(everything["facets"].items()):
        assert values, f"the demo catalogue has values for {facet}"
        for value in values:
            alone = await _search(_filter((facet, value["value"])))
            assert alone["totalCount"] == value["count"], (facet, value)
            chosen = {v["value"]: v["selected"] for v in alone["facets"][facet]}
            assert chosen[value["value"]] is True, (facet, value)
            # A second facet, taken in turn, and its most common value within this one.
            other = list(FACETS)[(number + 1 + seen) % len(FACETS)]
            if other == facet:
                other = list(FACETS)[(number + 2 + seen) % len(FACETS)]
            seen += 1
            within = max(alone["facets"][other], key=lambda v: v["count"], default=None)
            if within is None:  # stages abroad have no department
                assert (facet, other) == ("countries", "departments"), (facet, value)
                continue
            pairs += 1
            both = await _search(_filter((facet, value["value"]), (other, within["value"])))
            assert both["totalCount"] == within["count"], (facet, value, other, within)
    assert seen > 70 and pairs > 60, (seen, pairs)  # the catalogue's values, all of them


async def test_france_is_a_value_of_the_countries_facet(demo_db: str) -> None:
    everything = await _search({})
    countries = everything["facets"]["countries"]
    assert countries[0]["value"] == "FR" and countries[0]["label"] == "France"
    abroad = sum(v["count"] for v in countries[1:])
    assert countries[0]["count"] == everything["totalCount"] - abroad > 0
    types = {v["value"]: v["label"] for v in everything["facets"]["types"]}
    assert types == {"APPRENTISSAGE": "Apprentissage", "STAGE": "Stage"}
