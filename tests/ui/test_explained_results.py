"""The results page's order in its address, and the way out of an empty search."""

from __future__ import annotations

from html import unescape

from nicegui import ui
from nicegui.testing import User

from ui.ascii_text import readable_html


def _html(user: User) -> str:
    return readable_html("".join(str(e.content) for e in user.find(kind=ui.html).elements))


async def test_an_empty_search_links_to_the_searches_without_each_criterion(
    demo_db: str, user: User
) -> None:
    await user.open("/recherche?region=BRE&domaine=numerique&niveau=7")
    await user.should_see("Aucune offre ne correspond à votre recherche")
    html = unescape(_html(user))
    link = '<li><a href="{}" class="nicegui-link">{}</a></li>'
    assert (
        link.format(
            "/recherche?niveau=7&domaine=numerique", "sans « Région : Bretagne » : 6 offres"
        )
        in html
    )
    assert (
        link.format(
            "/recherche?domaine=numerique&region=BRE",
            "sans « Niveau de diplôme : Niveau 7 – (Bac+5) » : 1 offre",
        )
        in html
    )
    assert (
        link.format(
            "/recherche?niveau=7&region=BRE",
            "sans « Domaine d'activité : Numérique, digital » : 1 offre",
        )
        in html
    )
    await user.open("/recherche?niveau=7&domaine=numerique")
    await user.should_see("6 offres correspondent à votre recherche")


async def test_a_search_that_finds_offers_offers_no_way_out(demo_db: str, user: User) -> None:
    await user.open("/recherche?region=BRE")
    await user.should_see("correspond")
    assert "pass-relaxations" not in _html(user)


async def test_the_order_is_kept_in_the_page_links(demo_db: str, user: User) -> None:
    await user.open("/recherche?tri=echeance")
    await user.should_see("Page 1 sur 4")
    assert 'href="/recherche?tri=echeance&amp;page=2"' in _html(user)
    await user.open("/recherche?tri=echeance&page=2")
    await user.should_see("Page 2 sur 4")
    assert 'href="/recherche?tri=echeance&amp;page=1"' in _html(user)


async def test_an_unknown_or_impossible_order_is_explained(demo_db: str, user: User) -> None:
    await user.open("/recherche?tri=prix")
    await user.should_see("Code inconnu pour « Tri » : prix. Voici toutes les offres.")
    await user.open("/recherche?tri=distance")
    await user.should_see(
        "Le tri par distance demande un lieu : indiquez un lieu et un rayon. "
        "Voici toutes les offres."
    )


async def test_a_new_search_from_the_results_keeps_their_order(demo_db: str, user: User) -> None:
    await user.open("/recherche?tri=echeance")
    user.find("Mots-clés").type("marketing")
    user.find("Lancer ma recherche").click()
    await user.should_see("1 offre correspond à votre recherche")
    assert user.back_history[-1] == "/recherche?q=marketing&tri=echeance"
