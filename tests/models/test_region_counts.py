"""Regions counted from their departments (models.search.offers): only where each region's
offers are exactly its departments' offers, and then to the same counts as intersecting each
region's own offers; an offer naming a region without a department turns it off."""

from __future__ import annotations

from pyroaring import BitMap

from models.reference.labels import vocabulary
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.offers import (
    Matching,
    _Choice,
    _counts_by_department,
    _departments_of_regions,
)


def _choices(
    regions: dict[str, list[int]], departments: dict[str, list[int]]
) -> dict[Facet, list[_Choice]]:
    choices: dict[Facet, list[_Choice]] = {facet: [] for facet in FACETS}
    choices[Facet.REGIONS] = [_Choice(v, v, BitMap(s)) for v, s in regions.items()]
    choices[Facet.DEPARTMENTS] = [_Choice(v, v, BitMap(s)) for v, s in departments.items()]
    return choices


DEPARTMENTS = {"35": [1, 2, 3], "29": [4], "75": [5, 6], "92": [7, 8, 9], "2A": []}
REGIONS = {"BRE": [1, 2, 3, 4], "IDF": [5, 6, 7, 8, 9], "COR": []}


async def test_regions_made_of_their_departments_are_counted_from_them(db: str) -> None:
    choices = _choices(REGIONS, DEPARTMENTS)
    assert _departments_of_regions(choices) == [[0, 1], [2, 3], []]
    live = BitMap(range(1, 10))
    criteria = SearchCriteria.build(types=["stage"], vocabulary=await vocabulary())
    for base in (BitMap([1, 4, 5, 9]), BitMap([2]), BitMap(), BitMap([1, 2, 3, 4, 5, 6, 7, 8])):
        found = Matching(live, {f: None for f in FACETS} | {Facet.TYPES: base}, None)
        counts = _counts_by_department(choices, found, criteria, live)
        for facet in (Facet.REGIONS, Facet.DEPARTMENTS):
            assert counts[facet] == [len(base & c.bitmap) for c in choices[facet]]


async def test_a_region_with_offers_of_no_department_is_counted_itself(db: str) -> None:
    # Offer 10 names Île-de-France and no department.
    choices = _choices(REGIONS | {"IDF": [5, 6, 7, 8, 9, 10]}, DEPARTMENTS)
    assert _departments_of_regions(choices) is None
    live = BitMap(range(1, 11))
    criteria = SearchCriteria.build(types=["stage"], vocabulary=await vocabulary())
    found = Matching(live, {f: None for f in FACETS} | {Facet.TYPES: BitMap([9, 10])}, None)
    assert _counts_by_department(choices, found, criteria, live) == {}


async def test_a_department_split_between_regions_turns_it_off(db: str) -> None:
    choices = _choices({"BRE": [1, 2, 4], "PDL": [3], "IDF": [5, 6, 7, 8, 9]}, DEPARTMENTS)
    assert _departments_of_regions(choices) is None


async def test_a_chosen_region_or_department_counts_each_itself(db: str) -> None:
    choices = _choices(REGIONS, DEPARTMENTS)
    live = BitMap(range(1, 10))
    words = await vocabulary()
    for criteria in (
        SearchCriteria.build(regions=["BRE"], vocabulary=words),
        SearchCriteria.build(departments=["75"], vocabulary=words),
    ):
        found = Matching(live, {f: None for f in FACETS}, None)
        assert _counts_by_department(choices, found, criteria, live) == {}
