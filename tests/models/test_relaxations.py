"""An empty search's relaxations: each count is the total its criteria really give."""

from __future__ import annotations

from dataclasses import fields, replace

from hypothesis import HealthCheck, given, settings

from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from models.search.relaxations import MAX_RELAXATIONS, RADIUS_STEPS, Relaxation, relax_search
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
        # One criterion less, or one place's radius widened; nothing else changed.
        changed = _differences(criteria, relaxation.criteria)
        assert len(changed) == 1 or set(changed) == {"keywords"}, changed
        page = await search_offers(relaxation.criteria, first=0)
        assert page.total == relaxation.count, relaxation.label
        if relaxation.label.startswith("sans "):
            continue
        await _is_the_smallest_widening(criteria, relaxation)


async def _is_the_smallest_widening(criteria: SearchCriteria, relaxation: Relaxation) -> None:
    """The relaxation widens one place to the first radius step that finds offers."""
    before, after = criteria.near, relaxation.criteria.near
    assert len(before) == len(after)
    [(old, new)] = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert new.commune_code == old.commune_code and new.radius_km in RADIUS_STEPS
    assert relaxation.label == f"à {new.radius_km} km de {old.name} au lieu de {old.radius_km}"
    for radius in (r for r in RADIUS_STEPS if old.radius_km < r < new.radius_km):
        narrower = tuple(replace(p, radius_km=radius) if p is new else p for p in after)
        assert (await search_offers(replace(criteria, near=narrower), first=0)).total == 0


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


async def test_a_place_is_dropped_or_widened_to_the_first_radius_that_finds_offers(
    demo_db: str,
) -> None:
    words = await vocabulary()
    gap = SearchCriteria.build(near=[("Gap", 10)], vocabulary=words)
    assert (await search_offers(gap, first=0)).total == 0
    everything = (await search_offers(SearchCriteria(), first=0)).total
    found = [(r.label, r.count) for r in await relax_search(gap)]
    # 20 and 50 km still find nothing: the first step that does is offered.
    assert found == [
        ("sans « Lieu : Gap (10 km) »", everything),
        ("à 100 km de Gap au lieu de 10", 5),
    ]
    for radius in (20, 50):
        wider = SearchCriteria.build(near=[("Gap", radius)], vocabulary=words)
        assert (await search_offers(wider, first=0)).total == 0
    # French elision in the label; nothing within the largest radius: only dropping is offered.
    aurillac = SearchCriteria.build(near=[("Aurillac", 5)], vocabulary=words)
    labels = [r.label for r in await relax_search(aurillac)]
    assert labels == ["sans « Lieu : Aurillac (5 km) »", "à 200 km d'Aurillac au lieu de 5"]
    ajaccio = SearchCriteria.build(near=[("Ajaccio", 200)], vocabulary=words)
    assert [r.label for r in await relax_search(ajaccio)] == ["sans « Lieu : Ajaccio (200 km) »"]
    # Two places 11 km apart: each dropped or widened alone, the other kept as it was.
    both = SearchCriteria.build(near=[("Paris", 5), ("Nanterre", 5)], vocabulary=words)
    assert (await search_offers(both, first=0)).total == 0
    relaxations = await relax_search(both)
    assert {r.label for r in relaxations} >= {
        "sans « Lieu : Paris (5 km) »",
        "sans « Lieu : Nanterre (5 km) »",
        "à 20 km de Paris au lieu de 5",
        "à 20 km de Nanterre au lieu de 5",
    }
    for relaxation in relaxations:
        assert (await search_offers(relaxation.criteria, first=0)).total == relaxation.count
        if relaxation.label.startswith("à "):
            await _is_the_smallest_widening(both, relaxation)
