"""Ordering by distance, held to a plain sort of the offers by (distance from the first place,
newest), on both engines and both paths of keywords; pages by cursor and by number join into
the whole list."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from pyroaring import BitMap

from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.geography import commune
from models.reference.labels import vocabulary
from models.search.criteria import InvalidCriteria, SearchCriteria
from models.search.distance import distance_km
from models.search.errors import SearchErrorCode
from models.search.facet_index import build_facet_index, forget_facet_index, settled_facet_index
from models.search.offers import search_offers
from models.search.ordering import InvalidCursor, SearchOrder
from models.search.text import stem, words
from tests.services import ENGINES, fresh_database

PARIS, NANTERRE, BOULOGNE, VERSAILLES = "75056", "92050", "92012", "78646"
SAINT_DENIS, CRETEIL, STRASBOURG = "93066", "94028", "67482"

# (reference, title, commune or None for an offer abroad), published in this order: several
# offers share a commune (the same distance), the nearest are not the newest.
OFFERS = [
    ("S-D-01", "Chargé de communication", VERSAILLES),
    ("S-D-02", "Juriste", PARIS),
    ("S-D-03", "Communication interne", NANTERRE),
    ("S-D-04", "Développeur", STRASBOURG),
    ("S-D-05", "Assistant de communication", PARIS),
    ("S-D-06", "Archiviste", BOULOGNE),
    ("S-D-07", "Juriste en communication", SAINT_DENIS),
    ("S-D-08", "Comptable", None),
    ("S-D-09", "Communication financière", VERSAILLES),
    ("S-D-10", "Gestionnaire RH", CRETEIL),
    ("S-D-11", "Chargée de communication", NANTERRE),
    ("S-D-12", "Économiste", PARIS),
]
KEYWORDS = ["", "communication", "juriste", "zzzinconnu"]
# The first place is the one distances are measured from.
PLACES = [
    ((PARIS, 30),),
    ((NANTERRE, 30),),
    ((VERSAILLES, 20), (PARIS, 30)),
    ((PARIS, 30), (VERSAILLES, 20)),
    ((STRASBOURG, 5),),
]


def _draft(reference: str, title: str, code: str | None) -> OfferDraft:
    place = commune(code) if code else None
    return OfferDraft(
        type=OfferType.STAGE,
        title=title,
        post_description="<p>Une mission.</p>",
        diploma_level="6",
        domain="communication",
        administration="interieur",
        service="Ministère de l'Intérieur",
        city=place.name if place else "Berlin",
        commune_code=code,
        department_code=place.department_code if place else None,
        region_code=None,
        country_code="FR" if place else "DE",
        reference=reference,
    )


@pytest_asyncio.fixture(loop_scope="session", params=ENGINES, scope="module")
async def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path_factory.mktemp("db")):
        forget_facet_index()
        await publish_offers(await create_offers([_draft(*o) for o in OFFERS]))
        yield request.param


@pytest_asyncio.fixture(loop_scope="session", params=["index", "engine"])
async def path(
    catalogue: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """« index »: keywords answered by the index's term bitmaps; « engine »: by the full-text
    engine, as before the index has read its terms."""
    if request.param == "index":
        assert (await settled_facet_index()).terms_loaded
    else:
        index = await build_facet_index(terms=False)
        monkeypatch.setattr("models.search.facet_index._index", index)
        assert not index.terms_loaded
    yield str(request.param)
    forget_facet_index()


async def _criteria(keywords: str, places: tuple[tuple[str, int], ...]) -> SearchCriteria:
    return SearchCriteria.build(keywords=keywords, near=places, vocabulary=await vocabulary())


def _expected(rows: list[Offer], criteria: SearchCriteria) -> list[tuple[str, float]]:
    """A plain sort by distance from the first place, then newest; with each distance."""
    first = criteria.near[0]

    def distance(row: Offer) -> float:
        assert row.latitude is not None and row.longitude is not None
        return distance_km(first.latitude, first.longitude, row.latitude, row.longitude)

    ordered = sorted(rows, key=lambda r: (distance(r), -(r.seq or 0)))
    return [(r.reference, distance(r)) for r in ordered]


@pytest.mark.parametrize("places", PLACES, ids=["-".join(f"{c}:{r}" for c, r in p) for p in PLACES])
@pytest.mark.parametrize("keywords", KEYWORDS, ids=[k or "<none>" for k in KEYWORDS])
async def test_nearest_first_then_newest_and_pages_join_up(
    path: str, keywords: str, places: tuple[tuple[str, int], ...]
) -> None:
    criteria = await _criteria(keywords, places)
    whole = await search_offers(criteria, first=100, order=SearchOrder.DISTANCE)
    references = [o.reference for o in whole.offers]
    # The same offers as the default order finds, only ordered otherwise: relevance with places
    # is the title's words first, then newest, whatever the distance.
    relevance = await search_offers(criteria, first=100)
    assert sorted(references) == sorted(o.reference for o in relevance.offers)
    wanted = {stem(w) for w in words(keywords)}
    assert [o.reference for o in relevance.offers] == [
        o.reference
        for o in sorted(
            relevance.offers,
            key=lambda o: (not wanted <= {stem(w) for w in words(o.title)}, -(o.seq or 0)),
        )
    ]
    assert whole.total == relevance.total == len(references)
    rows = await Offer.filter(reference__in=references, status=OfferStatus.PUBLISHED)
    expected = _expected(list(rows), criteria)
    assert references == [reference for reference, _ in expected]
    # Each offer's distance is the one it was ordered by.
    assert whole.distances == [distance for _, distance in expected]
    for size in (1, 2, 3):
        by_cursor: list[str] = []
        after = None
        for _ in range(len(OFFERS) + 1):
            page = await search_offers(
                criteria, first=size, after=after, order=SearchOrder.DISTANCE
            )
            by_cursor += [o.reference for o in page.offers]
            assert page.has_previous_page == (after is not None)
            if not page.has_next_page:
                break
            after = page.end_cursor
        assert by_cursor == references, size
        numbered: list[str] = []
        for skip in range(0, len(references) + size, size):
            page = await search_offers(criteria, first=size, skip=skip, order=SearchOrder.DISTANCE)
            numbered += [o.reference for o in page.offers]
        assert numbered == references, size
        # A cursor and a skip together: the page after the cursor, `skip` further.
        if len(references) > size + 1:
            start = await search_offers(criteria, first=size, order=SearchOrder.DISTANCE)
            later = await search_offers(
                criteria, first=1, after=start.end_cursor, skip=1, order=SearchOrder.DISTANCE
            )
            assert [o.reference for o in later.offers] == [references[size + 1]]


async def test_offers_of_one_commune_are_newest_first_after_nearer_ones(catalogue: str) -> None:
    page = await search_offers(
        await _criteria("", ((PARIS, 30),)), first=100, order=SearchOrder.DISTANCE
    )
    found = [
        (o.reference, round(d or 0, 1)) for o, d in zip(page.offers, page.distances, strict=True)
    ]
    assert [reference for reference, _ in found] == [
        "S-D-12",  # Paris, newest of three at 0 km
        "S-D-05",
        "S-D-02",
        "S-D-06",  # Boulogne-Billancourt, 8 km
        "S-D-07",  # Saint-Denis, 9 km
        "S-D-10",  # Créteil, 11 km
        "S-D-11",  # Nanterre, newest of two
        "S-D-03",
        "S-D-09",  # Versailles, newest of two
        "S-D-01",
    ]
    assert [d for _, d in found[:3]] == [0.0, 0.0, 0.0]
    # Strasbourg (400 km) and the offer abroad are not within reach: not in the order at all.
    assert page.total == 10


async def test_the_first_place_sets_the_order_the_others_only_restrict(catalogue: str) -> None:
    from_versailles = await search_offers(
        await _criteria("", ((VERSAILLES, 20), (PARIS, 30))), first=100, order=SearchOrder.DISTANCE
    )
    from_paris = await search_offers(
        await _criteria("", ((PARIS, 30), (VERSAILLES, 20))), first=100, order=SearchOrder.DISTANCE
    )
    assert from_versailles.total == from_paris.total > 2
    assert {o.reference for o in from_versailles.offers} == {o.reference for o in from_paris.offers}
    assert [o.reference for o in from_versailles.offers][:2] == ["S-D-09", "S-D-01"]
    assert [o.reference for o in from_paris.offers][:3] == ["S-D-12", "S-D-05", "S-D-02"]


async def test_distance_cursors_are_refused_by_other_orders_and_theirs_by_distance(
    catalogue: str,
) -> None:
    criteria = await _criteria("", ((PARIS, 30),))
    orders = list(SearchOrder)
    cursors = {
        order: (await search_offers(criteria, first=2, order=order)).end_cursor for order in orders
    }
    for made_for, cursor in cursors.items():
        assert cursor is not None
        for order in orders:
            if order is made_for:
                await search_offers(criteria, first=2, after=cursor, order=order)
                continue
            with pytest.raises(InvalidCursor, match="Curseur de pagination invalide"):
                await search_offers(criteria, first=2, after=cursor, order=order)


async def test_distance_without_a_place_is_refused_in_french(catalogue: str) -> None:
    for criteria in (SearchCriteria(), await _criteria("communication", ())):
        with pytest.raises(InvalidCriteria) as raised:
            await search_offers(criteria, first=5, order=SearchOrder.DISTANCE)
        assert raised.value.code is SearchErrorCode.ORDER_NEEDS_PLACE
        assert raised.value.message == (
            "Le tri par distance demande un lieu : indiquez un lieu et un rayon"
        )


async def test_grouping_by_distance_agrees_whether_it_reads_positions_or_offers(
    catalogue: str,
) -> None:
    """Few offers are grouped by their own positions, many by the circle's positions: the
    groups are the same, and a start in metres leaves out exactly the nearer ones."""
    from models.search.facet_index import current_facet_index

    index = await current_facet_index()
    place = (await _criteria("", ((PARIS, 30),))).near[0]
    placed = sorted(BitMap.union(BitMap(), *index.places.cells.values()))
    positions = sum(len(points) for points in index.places.points.values())
    assert len(placed) > positions  # both ways are taken below
    for size in range(len(placed) + 1):
        members = BitMap(placed[:size])
        expected: dict[float, set[int]] = {}
        for seq in members:
            km = index.places.distance_km(seq, place.latitude, place.longitude)
            if km is not None and km <= place.radius_km:
                expected.setdefault(km, set()).add(seq)
        for start in (0, 8_000, 12_000):
            groups = index.places.by_distance(
                members, place.latitude, place.longitude, place.radius_km, start
            )
            assert [(km, set(seqs)) for km, seqs in groups] == sorted(
                (km, seqs) for km, seqs in expected.items() if int(km * 1000) >= start
            ), (size, start)


def test_distances_read_while_ordering_are_to_the_bit_those_shown() -> None:
    """Ordering computes the haversine inline: the same distances as `distance_km` (shown as
    `distanceKm`), to the last bit, for positions all over France."""
    import random

    from models.search.near_index import PlaceIndex

    rng = random.Random(12)
    count = 3_000
    latitudes = [rng.uniform(42.0, 51.0) for _ in range(count)]
    longitudes = [rng.uniform(-5.0, 8.0) for _ in range(count)]
    places = PlaceIndex()
    places.load(range(count), latitudes, longitudes)
    every = BitMap(range(count))
    for _ in range(10):
        lat, lon = rng.uniform(43.0, 50.0), rng.uniform(-4.0, 7.0)
        groups = list(places.by_distance(every, lat, lon, 200))  # more offers than positions
        assert groups and [km for km, _ in groups] == sorted(km for km, _ in groups)
        for km, seqs in groups:
            for seq in seqs:
                assert km == distance_km(lat, lon, latitudes[seq], longitudes[seq])
        inside = {s for _, seqs in groups for s in seqs}
        assert inside == set(places.within(lat, lon, 200))
