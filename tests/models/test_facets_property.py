"""Property: a facet value's count is the total found when the facet is set to that value alone."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import FACETS, Facet, SearchCriteria
from models.search.offers import search_offers

NEAR_PLACES = ["75056", "92050", "Lyon", "67000", "13055", "Rennes", "35238", "31555"]
KEYWORDS = ["", "", "stagiaire", "communication", "numérique", "chargé", '"ressources humaines"']


def _with(criteria: SearchCriteria, facet: Facet, value: str) -> SearchCriteria:
    if facet is Facet.TYPES:
        return replace(criteria, types=frozenset({OfferType(value)}))
    if facet is Facet.DIPLOMA_LEVELS:
        return replace(criteria, diploma_level=value)
    changes: dict[str, Any] = {facet.value: frozenset({value})}  # a field per other facet
    return replace(criteria, **changes)


@st.composite
def criteria_strategy(draw: st.DrawFn) -> dict[str, object]:
    def some(values: list[str], most: int) -> list[str]:
        return draw(st.lists(st.sampled_from(values), max_size=most, unique=True))

    return {
        "types": some(["apprentissage", "stage"], 2),
        "keywords": draw(st.sampled_from(KEYWORDS)),
        "diploma_level": draw(st.sampled_from([None, "3", "4", "5", "6", "7", "8"])),
        "domains": some(["numerique", "rh", "communication", "finances", "juridique"], 3),
        "administrations": some(["interieur", "economie", "armees", "justice"], 2),
        "regions": some(["IDF", "BRE", "ARA", "OCC", "NAQ", "GES"], 2),
        "departments": some(["75", "35", "69", "31", "13", "67"], 2),
        "countries": some(["DE", "ES", "US", "FR"], 2),
        # Places by INSEE code, postal code or name; two of them: within reach of both.
        "near": draw(
            st.lists(
                st.tuples(
                    st.sampled_from(NEAR_PLACES), st.sampled_from([1, 5, 10, 20, 50, 100, 200])
                ),
                max_size=2,
            )
        ),
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=criteria_strategy())
async def test_facet_counts_are_the_totals_of_single_value_searches(
    demo_db: str, raw: dict[str, object]
) -> None:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    page = await search_offers(criteria, first=0)
    for facet in FACETS:
        for value in page.facets[facet]:
            alone = await search_offers(_with(criteria, facet, value.value), first=0)
            assert alone.total == value.count, (facet, value)
            assert value.selected == (value.value in criteria.selected(facet))
