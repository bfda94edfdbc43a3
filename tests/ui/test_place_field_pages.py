"""The « Lieu » fields, the sort choice and what the cards show about place and keywords:
all kept in the address, so that a search stays bookmarkable."""

from __future__ import annotations

import asyncio
import re
from html import unescape

from nicegui import ui
from nicegui.testing import User

from ui.facet_select import FacetSelect
from ui.place_field import PlaceField


def _html(user: User) -> str:
    return unescape("".join(str(e.content) for e in user.find(kind=ui.html).elements))


def _places(user: User) -> list[PlaceField]:
    return sorted(user.find(kind=PlaceField).elements, key=lambda e: e.id)


async def _arrive(user: User, url: str) -> None:
    """Waits for the browser to be sent to `url`; fails with where it is otherwise."""
    for _ in range(100):
        if user.back_history and user.back_history[-1] == url:
            return
        await asyncio.sleep(0.05)
    assert user.back_history[-1] == url


def _order(user: User) -> FacetSelect:
    (select,) = [e for e in user.find(kind=FacetSelect).elements if e.props["label"] == "Trier par"]
    return select


async def test_the_places_of_the_address_fill_the_form_and_come_back(
    demo_db: str, user: User
) -> None:
    await user.open("/recherche?pres=75056:10&pres=92050:50")
    home, school = _places(user)
    assert home.value == {"place": "75056", "label": "Paris (75)", "radius": 10}
    assert school.value == {"place": "92050", "label": "Nanterre (92)", "radius": 50}
    user.find("Lancer ma recherche").click()
    await _arrive(user, "/recherche?pres=75056%3A10&pres=92050%3A50")


async def test_a_place_chosen_or_typed_goes_into_the_address(demo_db: str, user: User) -> None:
    await user.open("/recherche")
    home, _ = _places(user)
    assert home.value == {"place": "", "label": "", "radius": 20}  # 20 km unless chosen
    home.value = {"place": "35238", "label": "Rennes (35)", "radius": 50}
    user.find("Lancer ma recherche").click()
    await _arrive(user, "/recherche?pres=35238%3A50")

    await user.open("/recherche")
    home, school = _places(user)
    # Typed, not chosen in the list: resolved when the search is launched.
    school.value = {"place": "rennes", "label": "rennes", "radius": 10}
    user.find("Lancer ma recherche").click()
    await _arrive(user, "/recherche?pres=35238%3A10")


async def test_an_unknown_typed_place_is_explained_in_the_form(demo_db: str, user: User) -> None:
    await user.open("/recherche?q=stage")
    home, _ = _places(user)
    home.value = {"place": "Atlantide", "label": "Atlantide", "radius": 20}
    await user.should_not_see("Lieu inconnu")  # typed, not yet submitted
    user.find("Lancer ma recherche").click()
    await user.should_see("Lieu inconnu : Atlantide")
    assert user.back_history[-1] == "/recherche?q=stage"  # no search launched


async def test_distance_is_a_sort_choice_only_with_a_place(demo_db: str, user: User) -> None:
    await user.open("/recherche")
    assert list(_order(user).options.values()) == ["Pertinence", "Plus récentes", "Date limite"]
    await user.open("/recherche?pres=75056:20")
    order = _order(user)
    assert list(order.options.values()) == [
        "Pertinence",
        "Plus récentes",
        "Date limite",
        "Distance",
    ]
    order.value = "distance"
    await _arrive(user, "/recherche?pres=75056%3A20&tri=distance")
    # Removing the place from an address ordered by distance searches by relevance.
    _places(user)[0].value = {"place": "", "label": "", "radius": 20}
    user.find("Lancer ma recherche").click()
    await _arrive(user, "/recherche")


async def test_cards_show_the_distance_from_the_first_place(demo_db: str, user: User) -> None:
    await user.open("/recherche?pres=69123:100&tri=distance")
    await user.should_see("correspond")
    shown = re.findall(r'<span class="font-bold pass-distance">à ([^<]+)\xa0km</span>', _html(user))
    assert shown, "no distance on the cards"
    assert all(re.fullmatch(r"moins de 1|\d,\d|\d\d+", s) for s in shown), shown  # « 3,4 »
    kms = [0.0 if s == "moins de 1" else float(s.replace(",", ".")) for s in shown]
    assert kms == sorted(kms) and kms[-1] <= 100
    await user.open("/recherche?pres=69123:100")
    assert "pass-distance" in _html(user)
    await user.open("/recherche")
    assert "pass-distance" not in _html(user)


async def test_cards_mark_the_keywords_found(demo_db: str, user: User) -> None:
    await user.open("/recherche?q=marketing")
    await user.should_see("1 offre correspond à votre recherche")
    html = _html(user)
    assert re.search(r'pass-brand">[^<]*<mark>[Mm]arketing</mark>', html)  # in the title
    # Found in the text too: an extract of it under the title, the word marked.
    await user.open("/recherche?q=numerique")
    extracts = re.findall(r'<p class="text-sm text-gray-800 pass-extract">(.*?)</p>', _html(user))
    assert extracts and all(re.search(r"<mark>[Nn]um[ée]rique", e) for e in extracts)
    await user.open("/recherche")
    assert "<mark>" not in _html(user)


async def test_the_ways_out_of_an_empty_search_keep_the_place(demo_db: str, user: User) -> None:
    await user.open("/recherche?pres=75056:10&region=BRE")
    await user.should_see("Aucune offre ne correspond à votre recherche")
    links = re.findall(r'<li><a href="([^"]+)" class="nicegui-link">([^<]+)</a>', _html(user))
    assert ("/recherche?pres=75056%3A10", next(t for h, t in links if "Bretagne" in t)) in links
