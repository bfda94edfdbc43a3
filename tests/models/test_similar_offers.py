"""« Offres similaires » held to a plain computation over the offers' rows: live offers of the
same domain and level, those within 300 km nearest first (then newest), then the others newest
first; then the same domain at other levels in the same way. On both engines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio

from models.clock import today
from models.offers.publishing import OfferDraft, archive_offers, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.geography import commune
from models.search.distance import distance_km
from models.search.facet_index import forget_facet_index
from models.search.similar import MAX_SIMILAR, similar_offers
from tests.services import ENGINES, fresh_database

PARIS, NANTERRE, VERSAILLES, LILLE = "75056", "92050", "78646", "59350"
STRASBOURG, MARSEILLE, BREST = "67482", "13055", "29019"

# (reference, domain, level, commune or None for abroad), published in this order.
OFFERS = [
    ("S-S-01", "communication", "6", PARIS),
    ("S-S-02", "communication", "6", VERSAILLES),
    ("S-S-03", "communication", "6", STRASBOURG),
    ("S-S-04", "communication", "6", None),
    ("S-S-05", "communication", "6", NANTERRE),
    ("S-S-06", "communication", "7", PARIS),
    ("S-S-07", "communication", "6", MARSEILLE),
    ("S-S-08", "numerique", "6", PARIS),
    ("S-S-09", "communication", "5", LILLE),
    ("S-S-10", "communication", "6", PARIS),
    ("S-S-11", "communication", "6", BREST),
    ("S-S-12", "communication", "6", NANTERRE),  # archived below
    ("S-S-13", "communication", "6", VERSAILLES),  # past its end date
    ("S-S-14", "numerique", "7", None),
]
GONE = {"S-S-12", "S-S-13"}


def _draft(reference: str, domain: str, level: str, code: str | None) -> OfferDraft:
    place = commune(code) if code else None
    return OfferDraft(
        type=OfferType.STAGE,
        title=f"Offre {reference}",
        post_description="<p>Une mission.</p>",
        diploma_level=level,
        domain=domain,
        administration="interieur",
        service="Ministère de l'Intérieur",
        city=place.name if place else "Berlin",
        commune_code=code,
        department_code=place.department_code if place else None,
        country_code="FR" if place else "DE",
        reference=reference,
        expires_on=today() - timedelta(days=1) if reference == "S-S-13" else None,
    )


@pytest_asyncio.fixture(loop_scope="session", params=ENGINES, scope="module")
async def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path_factory.mktemp("db")):
        forget_facet_index()
        offers = await publish_offers(await create_offers([_draft(*o) for o in OFFERS]))
        await archive_offers([o for o in offers if o.reference == "S-S-12"])
        yield request.param
        forget_facet_index()


def _plain(rows: list[Offer], offer: Offer, first: int) -> list[str]:
    def order(group: list[Offer]) -> list[Offer]:
        def key(row: Offer) -> tuple[int, float, int]:
            if None in (offer.latitude, offer.longitude, row.latitude, row.longitude):
                return 1, 0.0, -(row.seq or 0)
            far = distance_km(offer.latitude, offer.longitude, row.latitude, row.longitude)  # type: ignore[arg-type]
            return (0, far, -(row.seq or 0)) if far <= 300 else (1, 0.0, -(row.seq or 0))

        return sorted(group, key=key)

    live = [r for r in rows if r.reference not in GONE and r.id != offer.id]
    domain = [r for r in live if r.domain_id == offer.domain_id]  # type: ignore[attr-defined]
    same = [r for r in domain if r.diploma_level == offer.diploma_level]
    other = [r for r in domain if r.diploma_level != offer.diploma_level]
    return [r.reference for r in order(same) + order(other)][:first]


@pytest.mark.parametrize("first", [1, 4, MAX_SIMILAR])
async def test_same_domain_and_level_nearest_first_then_the_domain(
    catalogue: str, first: int
) -> None:
    rows = await Offer.filter(status=OfferStatus.PUBLISHED).order_by("seq")
    rows += await Offer.filter(status=OfferStatus.ARCHIVED)
    for offer in rows:
        found = [o.reference for o in await similar_offers(offer, first=first)]
        assert found == _plain(rows, offer, first), offer.reference


async def test_a_paris_offer_sees_its_neighbours_first_and_never_itself(catalogue: str) -> None:
    paris = await Offer.get(reference="S-S-01")
    found = [o.reference for o in await similar_offers(paris, first=MAX_SIMILAR)]
    # Paris (newest first), then Nanterre, Versailles; Strasbourg, Marseille and Brest beyond
    # 300 km come newest first with the offer abroad; levels 7 (Paris) and 5 (Lille, 200 km)
    # after every level 6.
    assert found[:3] == ["S-S-10", "S-S-05", "S-S-02"]
    assert "S-S-01" not in found and not GONE & set(found)
    assert "S-S-08" not in found  # another domain
    assert found[-2:] == ["S-S-06", "S-S-09"]


async def test_first_out_of_bounds_is_refused(catalogue: str) -> None:
    paris = await Offer.get(reference="S-S-01")
    for first in (0, MAX_SIMILAR + 1):
        with pytest.raises(ValueError):
            await similar_offers(paris, first=first)
