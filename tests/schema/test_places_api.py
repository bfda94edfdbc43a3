"""`places(prefix, first)`: communes for a « Lieu » field, typed as people type them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.schema.graphql import post

PLACES = """
query Places($prefix: String!, $first: Int) {
  places(prefix: $prefix, first: $first) {
    code name postalCodes department { code label } region { code label } latitude longitude
  }
}
"""


async def _places(prefix: str, first: int | None = None) -> list[dict[str, Any]]:
    variables: dict[str, Any] = {"prefix": prefix}
    if first is not None:
        variables["first"] = first
    body = await post(PLACES, variables)
    assert "errors" not in body, body
    places: list[dict[str, Any]] = body["data"]["places"]
    return places


async def test_a_commune_with_its_department_region_and_position(db: str) -> None:
    [strasbourg] = await _places("Strasbourg", 1)
    assert strasbourg == {
        "code": "67482",
        "name": "Strasbourg",
        "postalCodes": ["67000", "67100", "67200"],
        "department": {"code": "67", "label": "67 - Bas-Rhin"},
        "region": {"code": "GES", "label": "Grand Est"},
        "latitude": 48.5839,
        "longitude": 7.7455,
    }


async def test_names_without_accents_or_case_and_by_postal_or_insee_code(db: str) -> None:
    assert [p["name"] for p in await _places("st-ETIENNE", 2)] == [
        "Saint-Étienne",
        "Saint-Étienne-du-Rouvray",
    ]
    assert [p["name"] for p in await _places("besanc", 1)] == ["Besançon"]
    assert [p["name"] for p in await _places("ile-d", 3)] == [
        p["name"] for p in await _places("Île-D", 3)
    ]
    assert [p["code"] for p in await _places("35000")] == ["35238"]  # Rennes
    assert [p["name"] for p in await _places("2A004")] == ["Ajaccio"]
    by_department = await _places("974", 50)
    assert len(by_department) == 24 and by_department[0]["name"] == "Saint-Denis"
    assert {p["region"]["code"] for p in by_department} == {"974"}
    assert len(await _places("sa")) == 10  # the default


async def test_empty_or_unknown_prefix_gives_no_place(db: str) -> None:
    assert await _places("") == []
    assert await _places("  ") == []
    assert await _places("Atlantide") == []
    assert await _places("x" * 100, 50) == []


@pytest.mark.parametrize(
    ("prefix", "first", "code", "field"),
    [
        ("x" * 101, 10, "PREFIX_TOO_LONG", "prefix"),
        ("Paris", 0, "INVALID_FIRST", "first"),
        ("Paris", 51, "INVALID_FIRST", "first"),
        ("Paris", -1, "INVALID_FIRST", "first"),
    ],
)
async def test_out_of_bounds_input_is_the_clients_error(
    db: str, prefix: str, first: int, code: str, field: str
) -> None:
    body = await post(PLACES, {"prefix": prefix, "first": first})
    assert body["data"] is None
    [error] = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert error["message"] in (
        "Le lieu cherché ne peut dépasser 100 caractères.",
        "first doit être entre 1 et 50.",
    )
