"""Input objects built by schema.fast_inputs are those Strawberry's own conversion builds, for
every kind of field the filter has; what it does not handle itself is handed back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import pytest
from strawberry.types.arguments import convert_arguments

from schema.offers.queries import Near, OfferFilter
from schema.offers.types import OfferType
from schema.schema import schema

_QUERY = cast(Any, schema.query).__strawberry_definition__
_OFFERS = next(f for f in _QUERY.fields if f.name == "offers")
_SINCE = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)

ARGUMENTS: list[dict[str, Any]] = [
    {},
    {"filter": None, "first": 0},
    {"filter": {}},
    {"filter": {"types": [OfferType.STAGE, OfferType.APPRENTISSAGE], "keywords": "data"}},
    {"filter": {"types": None, "keywords": None, "diplomaLevel": "6", "domains": []}},
    {
        "filter": {
            "domains": ["INF"],
            "administrations": ["MINARM"],
            "regions": ["IDF", "971"],
            "departments": ["75"],
            "countries": ["FR", "DE"],
        },
        "first": 20,
        "after": "x",
    },
    {"filter": {"near": [{"place": "67482", "radiusKm": 20}, {"place": "Paris", "radiusKm": 5}]}},
    {"filter": {"near": None, "publishedSince": _SINCE, "updatedSince": _SINCE}},
]


@contextmanager
def _strawberry_conversion() -> Iterator[None]:
    """Strawberry's own conversion, as without fast_input."""
    definitions = [OfferFilter.__strawberry_definition__, Near.__strawberry_definition__]  # type: ignore[attr-defined]
    hooks = [d.from_input for d in definitions]
    for definition in definitions:
        definition.from_input = None
    try:
        yield
    finally:
        for definition, hook in zip(definitions, hooks, strict=True):
            definition.from_input = hook


def _convert(arguments: dict[str, Any]) -> dict[str, Any]:
    registry = schema.schema_converter.scalar_registry
    return convert_arguments(arguments, _OFFERS.arguments, registry, schema.config)


@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_inputs_are_built_as_strawberry_builds_them(arguments: dict[str, Any]) -> None:
    with _strawberry_conversion():
        expected = _convert(arguments)
    found = _convert(arguments)
    assert found == expected
    assert [type(v) for v in found.values()] == [type(v) for v in expected.values()]


def test_lists_are_copied() -> None:
    """graphql-core gives every request that omits a value the same default list."""
    domains = ["INF"]
    found = _convert({"filter": {"domains": domains}})["filter"]
    assert found.domains == domains
    assert found.domains is not domains
