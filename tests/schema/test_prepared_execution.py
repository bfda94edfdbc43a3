"""The compiled completion of prepared objects (schema.fast_execution) answers exactly what
graphql-core answers, errors included, whatever the document does; and the search page over
HTTP keeps its limits while its document is validated once for every filter."""

from __future__ import annotations

import datetime
import gc
import weakref
from enum import Enum
from typing import Any

import pytest
import strawberry

from schema.fast_execution import PreparedObjectsExecutor
from tests.schema.graphql import post

calls: list[str] = []


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    size: int | None
    colour: Colour
    day: datetime.date
    tags: list[str]
    ratio: float


@strawberry.type
class Branch:
    title: str
    leaves: list[Leaf]
    maybe: Leaf | None
    must: Leaf

    @strawberry.field
    def shout(self) -> str:
        calls.append(self.title)
        return self.title.upper()


def _leaf(name: str, size: Any = 3) -> Leaf:
    return Leaf(
        name=name,
        size=size,
        colour=Colour.BLUE,
        day=datetime.date(2026, 11, 30),
        tags=["a", "é"],
        ratio=0.5,
    )


@strawberry.type
class Query:
    @strawberry.field
    def branches(self, broken: bool = False) -> list[Branch]:
        good = Branch(
            title="one", leaves=[_leaf("x"), _leaf("y", None)], maybe=None, must=_leaf("m")
        )
        if not broken:
            return [good, Branch(title="two", leaves=[], maybe=_leaf("z"), must=_leaf("n"))]
        # What a prepared object must never hold: a null where the schema promises a value,
        # a value its scalar refuses.
        bad_null = Branch(title="three", leaves=[], maybe=None, must=None)  # type: ignore[arg-type]
        bad_int = Branch(title="four", leaves=[_leaf("w", "big")], maybe=None, must=_leaf("o"))
        return [good, bad_null, bad_int]


reference = strawberry.Schema(query=Query)
prepared = strawberry.Schema(query=Query, execution_context_class=PreparedObjectsExecutor)

DOCUMENTS: list[tuple[str, dict[str, Any] | None]] = [
    ("{ branches { title leaves { name size colour day tags ratio } maybe { name } } }", None),
    (
        "query { b: branches { t: title ...F leaves { ... on Leaf { n: name } __typename } } }"
        " fragment F on Branch { leaves { colour c2: colour } __typename must { day } }",
        None,
    ),
    (
        "query($x: Boolean!) { branches { title @include(if: $x) leaves @skip(if: $x) { name } } }",
        {"x": True},
    ),
    (
        "query($x: Boolean!) { branches { title @include(if: $x) leaves @skip(if: $x) { name } } }",
        {"x": False},
    ),
    ("{ branches(broken: true) { title must { name } } }", None),
    ("{ branches(broken: true) { title leaves { name size } } }", None),
    ("{ branches(broken: true) { title maybe { name } must { name } leaves { size } } }", None),
]


def _answer(result: Any) -> tuple[Any, list[Any]]:
    return result.data, [e.formatted for e in result.errors or ()]


@pytest.mark.parametrize(("document", "variables"), DOCUMENTS)
async def test_prepared_objects_complete_as_graphql_core_does(
    document: str, variables: dict[str, Any] | None
) -> None:
    expected = _answer(await reference.execute(document, variable_values=variables))
    # Twice: the first compiles the plan, the second reuses it.
    for _ in range(2):
        assert _answer(await prepared.execute(document, variable_values=variables)) == expected


async def test_fields_with_a_resolver_are_still_resolved() -> None:
    calls.clear()
    document = "{ branches { title shout leaves { name } } }"
    expected = _answer(await reference.execute(document))
    assert _answer(await prepared.execute(document)) == expected
    assert expected[0]["branches"][0]["shout"] == "ONE"
    assert calls == ["one", "two", "one", "two"]


async def test_an_executed_request_is_freed_without_the_garbage_collector() -> None:
    """Nothing of a request is left in a reference cycle: its context (and the request and
    loaders it holds) goes when the answer is made, not at the next collection."""

    class Ctx:
        pass

    await prepared.execute("{ branches { title } }")  # plans compiled, caches filled
    gc.collect()
    gc.disable()
    try:
        context = Ctx()
        gone = weakref.ref(context)
        result = await prepared.execute("{ branches { title } }", context_value=context)
        assert not result.errors
        del context, result
        assert gone() is None
    finally:
        gc.enable()


COSTLY = (
    "query($first: Int) { "
    + " ".join(
        f"o{i}: offers(first: $first) {{ edges {{ node {{ reference title type expired url "
        f"service workplace contractStart expiresOn publishedAt employerDescription "
        f"postDescription profile comments additionalInformation "
        f"location {{ city }} domain {{ code label }} }} }} }}"
        for i in range(5)
    )
    + " }"
)


async def test_cost_follows_the_page_size_of_each_request(demo_db: str) -> None:
    small = await post(COSTLY, {"first": 5})
    assert "errors" not in small
    assert len(small["data"]["o0"]["edges"]) == 5
    big = await post(COSTLY, {"first": 100})
    assert [e["extensions"]["code"] for e in big["errors"]] == ["QUERY_TOO_COMPLEX"]
    again = await post(COSTLY, {"first": 5})
    assert again == small


async def test_an_integer_beyond_64_bits_is_reported_as_sent(demo_db: str) -> None:
    body = await post("query($first: Int) { offers(first: $first) { totalCount } }", {"first": 0})
    assert "errors" not in body
    huge = 123456789012345678901234567890
    body = await post(
        "query($first: Int) { offers(first: $first) { totalCount } }", {"first": huge}
    )
    [error] = body["errors"]
    assert str(huge) in error["message"]


async def test_the_search_page_answers_the_same_for_every_filter(demo_db: str) -> None:
    search = (
        "query($filter: OfferFilter) { offers(filter: $filter, first: 3) { totalCount "
        "edges { node { reference title type location { city } domain { label } } } "
        "facets { types { value label count selected } } } }"
    )
    everything = await post(search, {"filter": None})
    stages = await post(search, {"filter": {"types": ["STAGE"]}})
    types = {v["value"]: v for v in everything["data"]["offers"]["facets"]["types"]}
    assert stages["data"]["offers"]["totalCount"] == types["STAGE"]["count"]
    assert {e["node"]["type"] for e in stages["data"]["offers"]["edges"]} == {"STAGE"}
    selected = {v["value"]: v["selected"] for v in stages["data"]["offers"]["facets"]["types"]}
    assert selected == {"APPRENTISSAGE": False, "STAGE": True}
    assert "é" in str(everything) or "à" in str(everything)  # UTF-8 text comes back as text
