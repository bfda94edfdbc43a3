"""Bas-Rhin and Haut-Rhin are in Grand Est (« GES »): for a search, an alert and a saved search,
and after migration 0009 for the offers and searches stored with the old « 6AE »."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from tortoise import connections

from models.accounts.tables import AccountRole
from models.alerts.matching import facts_of, matches
from models.alerts.search_index import SavedSearchIndex
from models.offers.editing import create_offer, publish_offer
from models.offers.tables import Offer
from models.reference.labels import vocabulary
from models.saved_searches.saved import criteria_of, save_search
from models.saved_searches.tables import SavedSearch
from models.search.criteria import Facet, SearchCriteria
from models.search.offers import search_offers
from tests.accounts.helpers import new_candidate
from tests.offers.test_editing import offer_draft, staff

MIGRATION = importlib.import_module("models.migrations.0009_official_regions")


async def _grand_est() -> SearchCriteria:
    return SearchCriteria.build(regions=["GES"], vocabulary=await vocabulary())


async def test_strasbourg_offers_are_found_and_matched_in_grand_est(demo_db: str) -> None:
    everything = await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=100)
    strasbourg = [o for o in everything.offers if o.city == "Strasbourg"]
    assert len(strasbourg) == 2
    assert {o.region_code for o in strasbourg} == {"GES"}
    page = await search_offers(await _grand_est(), first=100)
    assert {o.reference for o in strasbourg} <= {o.reference for o in page.offers}
    regions = {v.value: (v.label, v.count) for v in page.facets[Facet.REGIONS]}
    assert regions["GES"] == ("Grand Est", page.total)
    assert "6AE" not in regions
    # The alert matcher and the saved searches' index agree with the search.
    criteria = await _grand_est()
    index = SavedSearchIndex()
    index.put(1, criteria)
    for offer in strasbourg:
        assert matches(criteria, facts_of(offer))
        assert list(index.matching(facts_of(offer))) == [1]


async def test_a_new_offer_in_bas_rhin_is_given_grand_est(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    draft = offer_draft(city="Strasbourg", department_code="67")
    offer = await create_offer(recruiter, draft)
    assert offer.region_code == "GES"
    await publish_offer(recruiter, offer.reference)
    page = await search_offers(await _grand_est(), first=10)
    assert [o.reference for o in page.offers] == [offer.reference]


async def test_migration_moves_stored_6ae_offers_and_searches_to_grand_est(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    alsace = await create_offer(recruiter, offer_draft(city="Colmar", department_code="68"))
    rennes = await create_offer(recruiter, offer_draft())
    for offer in (alsace, rennes):
        await publish_offer(recruiter, offer.reference)
    candidate = await new_candidate()
    words = await vocabulary()
    saved = await save_search(candidate, "Alsace", SearchCriteria.build(vocabulary=words))
    both = await save_search(candidate, "Les deux", SearchCriteria.build(vocabulary=words))
    other = await save_search(
        candidate, "Bretagne", SearchCriteria.build(regions=["BRE"], vocabulary=words)
    )
    # As the code before 0009 stored them: Haut-Rhin's region was its ISO 3166-2 parent.
    await Offer.filter(id=alsace.id).update(region_code="6AE")
    await SavedSearch.filter(id=saved.id).update(query=[["type", "stage"], ["region", "6AE"]])
    await SavedSearch.filter(id=both.id).update(query=[["region", "6AE"], ["region", "GES"]])
    untouched = await SavedSearch.get(id=other.id)

    await MIGRATION.official_regions(None, SimpleNamespace(client=connections.get("default")))

    assert (await Offer.get(id=alsace.id)).region_code == "GES"
    assert (await Offer.get(id=rennes.id)).region_code == "BRE"
    fixed = await SavedSearch.get(id=saved.id)
    assert fixed.query == [["type", "stage"], ["region", "GES"]]
    assert fixed.updated_at > saved.updated_at  # the running processes' indexes take it again
    assert (await SavedSearch.get(id=both.id)).query == [["region", "GES"]]
    again = await SavedSearch.get(id=other.id)
    assert (again.query, again.updated_at) == (untouched.query, untouched.updated_at)
    # The saved search is valid again, and its alert fires for the Colmar offer.
    criteria = await criteria_of(fixed)
    assert criteria.regions == {"GES"}
    assert matches(criteria, facts_of(await Offer.get(id=alsace.id)))
    page = await search_offers(criteria, first=10)
    assert [o.reference for o in page.offers] == [alsace.reference]


def test_retired_iso_codes_are_replaced_by_the_regions_of_their_departments() -> None:
    assert MIGRATION.replacement_regions() == {"6AE": ["GES"]}
