"""Place and radius: the criterion, its address, the search on both engines, offers placed
by their commune, and the positions of offers stored before communes existed."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from pyroaring import BitMap
from tortoise import connections

from models.accounts.tables import AccountRole
from models.alerts.matching import facts_of, matches
from models.errors import UserErrors
from models.offers.editing import archive_offer, create_offer, publish_offer, update_offer
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import (
    MAX_NEAR,
    Facet,
    InvalidCriteria,
    SearchCriteria,
    criteria_from_query,
    criteria_to_query,
)
from models.search.distance import distance_km
from models.search.errors import SearchErrorCode
from models.search.facet_index import forget_facet_index
from models.search.offers import search_offers
from tests.offers.test_editing import offer_draft, staff

STRASBOURG, PARIS, NANTERRE = "67482", "75056", "92050"


async def _near(*entries: tuple[str, int], **raw: object) -> SearchCriteria:
    return SearchCriteria.build(near=entries, **raw, vocabulary=await vocabulary())  # type: ignore[arg-type]


async def _refused(*entries: object) -> InvalidCriteria:
    with pytest.raises(InvalidCriteria) as raised:
        await _near(*entries)  # type: ignore[arg-type]
    assert raised.value.field == "near"
    return raised.value


async def test_places_by_code_postal_code_or_name_and_their_address(db: str) -> None:
    criteria = await _near(("Strasbourg", 20), ("67000", 20), (" 75056 ", 5))
    # The same commune twice counts once; the order given is kept (distances: the first).
    assert [(n.commune_code, n.radius_km) for n in criteria.near] == [(STRASBOURG, 20), (PARIS, 5)]
    query = criteria_to_query(criteria)
    assert query == [("pres", "67482:20"), ("pres", "75056:5")]
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault(name, []).append(value)
    again = criteria_from_query(params, await vocabulary())
    assert again == criteria and [n.commune_code for n in again.near] == [STRASBOURG, PARIS]
    assert not again.is_empty()


async def test_wrong_places_and_radii_are_refused_in_french(db: str) -> None:
    unknown = await _refused(("Atlantide", 10))
    assert unknown.code is SearchErrorCode.UNKNOWN_PLACE
    assert unknown.message == "Lieu inconnu : Atlantide"
    assert (await _refused(("", 10))).code is SearchErrorCode.UNKNOWN_PLACE
    assert (await _refused(("x" * 10_000, 10))).message.endswith("…")
    for radius in (0, -5, 201, 10_000):
        wrong = await _refused((STRASBOURG, radius))
        assert wrong.code is SearchErrorCode.INVALID_RADIUS
        assert "entre 1 et 200 km" in wrong.message
    assert (await _refused((STRASBOURG, "20"))).code is SearchErrorCode.INVALID_RADIUS


async def test_two_hundred_places_are_refused_after_reading_a_few(db: str) -> None:
    read = 0

    def entries() -> Iterator[tuple[str, int]]:
        nonlocal read
        for _ in range(200):
            read += 1
            yield STRASBOURG, 20

    with pytest.raises(InvalidCriteria) as raised:
        SearchCriteria.build(near=entries(), vocabulary=await vocabulary())
    assert raised.value.code is SearchErrorCode.TOO_MANY_VALUES
    assert raised.value.message == f"« Lieu » : {MAX_NEAR} lieux au plus"
    assert read == MAX_NEAR + 1


@pytest.mark.parametrize("value", ["67482", "67482:", ":20", "67482:vingt", "67482:-3", "a:b:c"])
async def test_a_malformed_address_is_refused(db: str, value: str) -> None:
    with pytest.raises(InvalidCriteria) as raised:
        criteria_from_query({"pres": [value]}, await vocabulary())
    assert raised.value.field == "near"


async def test_near_finds_exactly_the_offers_within_reach(demo_db: str) -> None:
    every = await search_offers(await _near(), first=100)
    assert every.distances == []  # no place, no distance
    for entries in [
        ((STRASBOURG, 20),),
        ((PARIS, 5),),
        ((PARIS, 20), (NANTERRE, 5)),
        ((PARIS, 200), (STRASBOURG, 200)),  # 400 km apart: nothing is within reach of both
    ]:
        criteria = await _near(*entries)
        page = await search_offers(criteria, first=100)
        expected = {o.reference for o in every.offers if matches(criteria, facts_of(o))}
        assert {o.reference for o in page.offers} == expected, entries
        assert page.total == len(expected)
        first = criteria.near[0]
        for offer, distance in zip(page.offers, page.distances, strict=True):
            assert offer.latitude is not None and offer.longitude is not None
            assert distance == distance_km(
                first.latitude, first.longitude, offer.latitude, offer.longitude
            )
            assert distance <= first.radius_km
    strasbourg = await search_offers(await _near((STRASBOURG, 20)), first=100)
    assert strasbourg.total >= 1
    assert {o.department_code for o in strasbourg.offers} == {"67"}
    # Facets with the place applied: in Paris, every offer is in Île-de-France, some stages.
    paris = await search_offers(await _near((PARIS, 5)), first=0)
    assert paris.total >= 1
    assert {v.value: v.count for v in paris.facets[Facet.REGIONS]} == {"IDF": paris.total}
    types = {v.value: v.count for v in paris.facets[Facet.TYPES]}
    assert sum(types.values()) == paris.total
    stages = await search_offers(await _near((PARIS, 5), types=["stage"]), first=0)
    assert stages.total == types.get("stage", 0)
    # The type facet stays disjunctive: ticking « stage » leaves the other type's count.
    assert {v.value: v.count for v in stages.facets[Facet.TYPES]} == types


async def test_offers_take_their_place_from_their_commune(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    draft = offer_draft(city="", department_code=None, commune_code=STRASBOURG)
    offer = await create_offer(recruiter, draft)
    assert (offer.commune_code, offer.city, offer.department_code) == (
        STRASBOURG,
        "Strasbourg",
        "67",
    )
    assert offer.latitude is not None and offer.longitude is not None
    await publish_offer(recruiter, offer.reference)
    near_strasbourg = await _near((STRASBOURG, 10))
    assert [o.reference for o in (await search_offers(near_strasbourg)).offers] == [offer.reference]

    # Moved to Paris: the index forgets its old place at once.
    moved = await update_offer(
        recruiter, offer.reference, offer_draft(city="", department_code="75", commune_code=PARIS)
    )
    assert moved.commune_code == PARIS and moved.region_code == "IDF"
    assert (await search_offers(near_strasbourg)).total == 0
    assert (await search_offers(await _near((PARIS, 1)))).total == 1
    # A fresh index (another process) reads the same from the table.
    forget_facet_index()
    assert (await search_offers(await _near((PARIS, 1)))).total == 1
    assert (await search_offers(near_strasbourg)).total == 0

    await archive_offer(recruiter, offer.reference)
    assert (await search_offers(await _near((PARIS, 1)))).total == 0


async def test_a_contradictory_or_unknown_commune_is_refused_in_french(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    cases: list[tuple[dict[str, object], str, str]] = [
        (dict(commune_code="99999"), "commune_code", "Commune inconnue : « 99999 »"),
        (dict(commune_code=STRASBOURG, department_code="68"), "department_code",
         "La commune Strasbourg (67482) est dans le département 67, et non 68."),
        (dict(commune_code=STRASBOURG, department_code=None, region_code="BRE"), "region_code",
         "La commune Strasbourg (67482) est dans la région"),
        (dict(commune_code=STRASBOURG, department_code=None, country_code="DE"), "country_code",
         "La commune Strasbourg (67482) est en France"),
    ]  # fmt: skip
    for changes, field, message in cases:
        with pytest.raises(UserErrors) as raised:
            await create_offer(recruiter, offer_draft(**changes))
        [error] = raised.value.errors
        assert error.field == field and error.message.startswith(message), error
    assert await Offer.all().count() == 0


async def test_a_city_named_like_a_commune_of_its_department_is_that_commune(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft(city="  rennes ", department_code="35"))
    assert (offer.commune_code, offer.city) == ("35238", "Rennes")
    elsewhere = await create_offer(recruiter, offer_draft(city="Rennes", department_code="29"))
    assert elsewhere.commune_code is None and elsewhere.latitude is None


async def test_the_migration_places_stored_offers_by_city_and_department(demo_db: str) -> None:
    from importlib import import_module

    migration = import_module("models.migrations.0010_offer_commune")
    placed = await Offer.filter(commune_code=STRASBOURG).values_list("id", flat=True)
    assert placed
    try:
        await Offer.filter(id__in=placed).update(commune_code=None, latitude=None, longitude=None)
        editor = SimpleNamespace(client=connections.get("default"))
        await migration.place_offers(None, editor)
        again = await Offer.filter(id__in=placed)
        assert {o.commune_code for o in again} == {STRASBOURG}
        assert all(o.latitude is not None for o in again)
        # Offers abroad are left as they are.
        abroad = await Offer.filter(status=OfferStatus.PUBLISHED).exclude(country_code="FR")
        assert abroad and all(o.commune_code is None for o in abroad)
    finally:
        forget_facet_index()


async def test_imported_offers_take_their_commune_or_are_refused_in_french(db: str) -> None:
    from models.offers.importing import import_offers
    from tests.offers.test_staff_and_import import rows

    first, second = rows(2)
    first |= {"commune_code": "59350", "department_code": "", "city": ""}
    second |= {"commune_code": STRASBOURG}  # beside department 59: a contradiction
    with pytest.raises(UserErrors) as raised:
        await import_offers([first, second], publish=True)
    [error] = raised.value.errors
    assert error.field == "offre 2.department_code"
    assert error.message == "La commune Strasbourg (67482) est dans le département 67, et non 59."
    assert await Offer.all().count() == 0  # all or nothing

    second |= {"department_code": ""}
    report = await import_offers([first, second], publish=True)
    placed = {o.reference: o for o in await Offer.filter(reference__in=report.references)}
    assert {o.commune_code for o in placed.values()} == {"59350", STRASBOURG}
    found = await search_offers(await _near(("Lille", 10)))
    assert [o.commune_code for o in found.offers] == ["59350"]


async def test_results_grouped_by_distance_for_ordering(demo_db: str) -> None:
    from models.search.facet_index import current_facet_index

    criteria = await _near((NANTERRE, 30))
    page = await search_offers(criteria, first=100)
    index = await current_facet_index()
    seqs = BitMap(o.seq for o in page.offers if o.seq is not None)
    place = criteria.near[0]
    groups = list(index.places.by_distance(seqs, place.latitude, place.longitude, place.radius_km))
    distances = [d for d, _ in groups]
    assert distances == sorted(distances) and len(set(distances)) == len(distances)
    assert BitMap.union(BitMap(), *(g for _, g in groups)) == seqs
    by_seq = {o.seq: d for o, d in zip(page.offers, page.distances, strict=True)}
    for distance, members in groups:
        assert {by_seq[s] for s in members} == {distance}
