"""Place and radius in the site's address: results within reach, a wrong place explained,
and the form keeping the places when another criterion changes."""

from __future__ import annotations

from nicegui.testing import User

from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers


async def _total(**raw: object) -> int:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    return (await search_offers(criteria, first=0)).total


async def test_results_within_reach_from_the_address(demo_db: str, user: User) -> None:
    near_paris = await _total(near=[("75056", 5)])
    assert 1 < near_paris < 77
    await user.open("/recherche?pres=75056:5")
    await user.should_see(f"{near_paris} offres correspondent à votre recherche")
    # Launching the search again from the form keeps the place of the address.
    user.find("Lancer ma recherche").click()
    await user.should_see(f"{near_paris} offres correspondent à votre recherche")


async def test_an_unknown_place_in_the_address_is_explained(demo_db: str, user: User) -> None:
    await user.open("/recherche?pres=Atlantide:20")
    await user.should_see("Lieu inconnu : Atlantide. Voici toutes les offres.")
    await user.open("/recherche?pres=75056:0")
    await user.should_see("Le rayon doit être compris entre 1 et 200 km")
