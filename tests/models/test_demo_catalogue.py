"""The demo catalogue: deterministic, realistic, consistent with the reference data."""

from __future__ import annotations

from collections import Counter
from datetime import date

from models.demo.example_offer import EXAMPLE_REFERENCE, example_attachment_pdf
from models.demo.generator import generate_expired_offers, generate_offers
from models.offers.queries import attachments_by_offer, get_offer
from models.offers.tables import Offer
from models.reference import geography
from models.reference.catalogue import DIPLOMA_LEVELS, OfferType
from models.reference.labels import vocabulary
from models.reference.tables import Administration, Domain
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from models.storage import file_storage

DAY = date(2026, 11, 23)


def test_same_seed_same_offers_other_seed_other_offers() -> None:
    first = generate_offers(seed=7, today=DAY)
    assert first == generate_offers(seed=7, today=DAY)
    assert first != generate_offers(seed=8, today=DAY)
    assert Counter(d.type for d in first) == {OfferType.APPRENTISSAGE: 24, OfferType.STAGE: 53}


def test_places_are_real_and_consistent() -> None:
    drafts = generate_offers(apprenticeships=400, stages=1600, seed=3, today=DAY)
    abroad = [d for d in drafts if d.country_code != "FR"]
    assert abroad, "some stages are abroad"
    assert all(d.type is OfferType.STAGE for d in abroad), "apprenticeships are in France"
    for draft in abroad:
        assert geography.country(draft.country_code) is not None
        assert draft.department_code is None and draft.region_code is None
    for draft in drafts:
        if draft.country_code != "FR":
            continue
        department = geography.department(draft.department_code or "")
        assert department is not None, draft.department_code
        assert draft.region_code == department.region_code
    cities = {(d.city, d.department_code) for d in drafts if d.country_code == "FR"}
    assert ("Paris", "75") in cities and ("Ajaccio", "2A") in cities
    assert not any(city == "Paris" and dep != "75" for city, dep in cities)


def test_dates_levels_and_texts_look_like_offers() -> None:
    drafts = generate_offers(apprenticeships=50, stages=50, seed=4, today=DAY)
    levels = {level.code for level in DIPLOMA_LEVELS}
    for draft in drafts:
        assert draft.diploma_level in levels
        assert draft.expires_on is not None and draft.expires_on > DAY
        assert draft.contract_start is not None and abs((draft.contract_start - DAY).days) < 200
        assert draft.title.endswith("(F/H)")
        assert draft.contact_email.count("@") == 1
        assert "<p>" in draft.post_description
    assert len({d.title for d in drafts}) > 30, "titles vary"
    expired = generate_expired_offers(count=3, seed=4, today=DAY)
    assert all(d.expires_on is not None and d.expires_on < DAY for d in expired)


def test_a_hundred_thousand_offers_for_the_benchmarks() -> None:
    drafts = generate_offers(apprenticeships=30_000, stages=70_000, seed=5, today=DAY)
    assert len(drafts) == 100_000
    assert len({d.domain for d in drafts}) == 17
    assert len({d.department_code for d in drafts}) > 30


async def test_demo_catalogue_as_loaded(demo_db: str) -> None:
    domains = set(await Domain.all().values_list("code", flat=True))
    administrations = set(await Administration.all().values_list("code", flat=True))
    offers = await Offer.all()
    assert len(offers) == 80  # 77 open and 3 expired
    # Drafted before being published, as « Mes offres » shows them.
    assert all(o.published_at and o.created_at < o.published_at for o in offers)
    assert set(await Offer.all().values_list("domain_id", flat=True)) <= domains
    assert set(await Offer.all().values_list("administration_id", flat=True)) <= administrations

    everything = await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=1)
    assert everything.total == 77
    assert everything.offers[0].reference == EXAMPLE_REFERENCE  # the newest

    example = await get_offer(EXAMPLE_REFERENCE)
    assert example is not None
    [attachment] = (await attachments_by_offer([example.id]))[example.id]
    stored = file_storage().path(attachment.storage_key).read_bytes()
    assert stored == example_attachment_pdf() and attachment.size == len(stored)
