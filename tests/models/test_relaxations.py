"""An empty search's relaxations: each count is the total its criteria really give."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import HealthCheck, given, settings

from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from models.search.relaxations import MAX_RELAXATIONS, relax_search
from tests.models.test_facets_property import criteria_strategy

_COMPARED = [f.name for f in fields(SearchCriteria) if not f.name.startswith("_")]


def _differences(before: SearchCriteria, after: SearchCriteria) -> list[str]:
    return [n for n in _COMPARED if getattr(before, n) != getattr(after, n)]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(raw=criteria_strategy())
async def test_each_relaxation_gives_the_count_it_announces(
    demo_db: str, raw: dict[str, object]
) -> None:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    relaxations = await relax_search(criteria)
    assert len(relaxations) <= MAX_RELAXATIONS
    counts = [r.count for r in relaxations]
    assert counts == sorted(counts, reverse=True) and all(c > 0 for c in counts)
    for relaxation in relaxations:
        assert relaxation.label.startswith("sans ")
        # One criterion less, nothing else changed.
        changed = _differences(criteria, relaxation.criteria)
        assert len(changed) == 1 or set(changed) == {"keywords"}, changed
        page = await search_offers(relaxation.criteria, first=0)
        assert page.total == relaxation.count, relaxation.label


async def test_an_empty_search_is_rescued_by_dropping_one_criterion(demo_db: str) -> None:
    words = await vocabulary()
    criteria = SearchCriteria.build(
        regions=["BRE"], domains=["numerique"], diploma_level="7", vocabulary=words
    )
    assert (await search_offers(criteria, first=0)).total == 0
    found = [(r.label, r.count) for r in await relax_search(criteria)]
    assert found == [
        ("sans « Région : Bretagne »", 6),
        ("sans « Niveau de diplôme : Niveau 7 – (Bac+5) »", 1),
        ("sans « Domaine d'activité : Numérique, digital »", 1),
    ]


async def test_keywords_are_dropped_one_at_a_time_in_the_candidates_spelling(
    demo_db: str,
) -> None:
    words = await vocabulary()
    criteria = SearchCriteria.build(keywords="Juriste numérique", vocabulary=words)
    relaxations = await relax_search(criteria)
    assert [(r.label, r.criteria.keywords) for r in relaxations] == [
        ("sans le mot « Juriste »", "numérique"),
        ("sans le mot « numérique »", "Juriste"),
    ]
    # The domain « Numérique, digital » is searchable too: more offers than titles say.
    assert [r.count for r in relaxations] == [14, 3]
    for relaxation in relaxations:
        assert (await search_offers(relaxation.criteria, first=0)).total == relaxation.count
    several = SearchCriteria.build(
        types=["apprentissage"], countries=["DE"], regions=["BRE", "NOR"], vocabulary=words
    )
    # Dropping the types, or the regions, alone still finds nothing: not offered.
    [relaxation] = await relax_search(several)
    assert (relaxation.label, relaxation.count) == ("sans « Pays : Allemagne »", 2)
    assert (await search_offers(relaxation.criteria, first=0)).total == 2
