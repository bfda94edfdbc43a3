"""The results page's title (its tab, bookmark and history entry) names the search."""

from __future__ import annotations

from nicegui.testing import User


async def _title(user: User, address: str) -> str:
    await user.open(address)
    await user.should_see("Rechercher une offre")
    assert user.client is not None
    return str(user.client.title)


async def test_the_title_names_the_search_and_its_count(demo_db: str, user: User) -> None:
    assert await _title(user, "/recherche") == "Toutes les offres – 77 offres – PASS"
    assert (
        await _title(user, "/recherche?type=apprentissage&q=marketing")
        == "Apprentissage, « marketing » – 1 offre – PASS"
    )
    region = await _title(user, "/recherche?type=stage&region=BRE")
    assert region.startswith("Stage, Bretagne – ") and region.endswith(" offres – PASS"), region
    places = await _title(user, "/recherche?pres=75056:20")
    assert places.startswith("à 20 km de Paris – "), places


async def test_a_long_search_is_cut_after_a_whole_part(demo_db: str, user: User) -> None:
    title = await _title(
        user, "/recherche?region=BRE&region=NOR&region=OCC&region=PDL&region=IDF&region=HDF"
    )
    named = title.split(" – ")[0]
    assert named.endswith(", …"), title
    assert len(named) <= 65, title
    assert named.startswith("Bretagne, Hauts-de-France"), title


async def test_an_empty_search_says_so(demo_db: str, user: User) -> None:
    title = await _title(user, "/recherche?q=zzzqqq")
    assert title == "« zzzqqq » – aucune offre – PASS"
