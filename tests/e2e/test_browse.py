"""A candidate in a real browser: home, search, results, offer, text size, phone width."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect


def _page(browser: Any, **options: Any) -> Page:
    context = browser.new_context(locale="fr-FR", **options)
    page: Page = context.new_page()
    return page


def test_search_then_open_an_offer(site: str, browser: Any, artifacts: Path) -> None:
    page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    expect(page.get_by_text("Apprentissage (24)")).to_be_visible()
    expect(page.get_by_text("Stage (53)")).to_be_visible()
    expect(page.get_by_text("Dernières offres publiées")).to_be_visible()
    page.screenshot(path=artifacts / "home.png", full_page=True)

    page.get_by_text("Apprentissage (24)").click()
    page.get_by_label("Mots-clés").fill("marketing")
    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?type=apprentissage&q=marketing"))
    expect(page.get_by_text("1 offre correspond à votre recherche")).to_be_visible()
    expect(page.get_by_text("Stage (", exact=False)).to_be_visible()
    page.screenshot(path=artifacts / "results.png", full_page=True)

    # The address is the search: opening it again gives the same results.
    again = _page(browser)
    again.goto(page.url)
    expect(again.get_by_text("1 offre correspond à votre recherche")).to_be_visible()

    page.get_by_role("link", name="Apprenti Marketing et expérience client/usager (F/H)").click()
    page.wait_for_url(re.compile(r"/offres/A-2021-0192$"))
    expect(page.get_by_text("Numéro d'offre :")).to_be_visible()
    contact = page.get_by_role("link", name="antai-recrutement@interieur.gouv.fr").last
    expect(contact).to_have_attribute("href", "mailto:antai-recrutement@interieur.gouv.fr")
    antai = page.get_by_role("link", name="www.antai.gouv.fr")
    expect(antai).to_have_attribute("href", "http://www.antai.gouv.fr")
    page.screenshot(path=artifacts / "offer.png", full_page=True)


def test_all_results_page_through(site: str, browser: Any, artifacts: Path) -> None:
    page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(site + "/")
    page.get_by_role("button", name="Rechercher toutes les offres").click()
    expect(page.get_by_text("77 offres correspondent à votre recherche")).to_be_visible()
    expect(page.get_by_text("Page 1 sur 4")).to_be_visible()
    page.get_by_role("link", name="Page suivante »").click()
    expect(page.get_by_text("Page 2 sur 4")).to_be_visible()
    pages = page.get_by_role("navigation", name="Pages de résultats")
    expect(pages.get_by_role("link", name="Page 2", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    pages.screenshot(path=artifacts / "page-links.png")
    pages.get_by_role("link", name="Page 4", exact=True).click()
    expect(page.get_by_text("Page 4 sur 4")).to_be_visible()
    feed = page.get_by_role("link", name="Flux Atom de cette recherche")
    atom = httpx.get(site + str(feed.get_attribute("href")))
    assert atom.headers["content-type"].startswith("application/atom+xml")
    assert atom.text.count("<entry>") == 50


def test_text_size_is_remembered(site: str, browser: Any) -> None:
    page = _page(browser)
    page.goto(site + "/")

    def size() -> float:
        return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))

    before = size()
    page.get_by_role("button", name="Agrandir la taille du texte").click()
    page.wait_for_function(f"parseFloat(getComputedStyle(document.body).fontSize) > {before}")
    bigger = size()
    page.goto(site + "/offres/A-2021-0192")
    expect(page.get_by_text("Numéro d'offre :")).to_be_visible()
    assert size() == bigger > before
    page.get_by_role("button", name="Réduire la taille du texte").click()
    page.wait_for_function(f"parseFloat(getComputedStyle(document.body).fontSize) == {before}")


def test_reads_on_a_phone(site: str, browser: Any, artifacts: Path) -> None:
    page = _page(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(site + "/")
    # The filters wait in their dialog, the latest offers show.
    expect(page.get_by_text("Dernières offres publiées")).to_be_visible()
    page.get_by_role("button", name="Filtres (0)").click()
    expect(page.get_by_role("dialog", name="Filtres").get_by_text("Stage (53)")).to_be_visible()
    page.keyboard.press("Escape")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the home page scrolls sideways on a phone"
    page.screenshot(path=artifacts / "home-phone.png", full_page=True)
    page.goto(site + "/offres/A-2021-0192")
    expect(page.get_by_text("Numéro d'offre :")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "offer-phone.png", full_page=True)


def test_a_misspelt_keyword_offers_a_link_to_the_closest_word(
    site: str, browser: Any, artifacts: Path
) -> None:
    for width in (390, 1280):
        page = _page(browser, viewport={"width": width, "height": 900})
        page.goto(site + "/recherche?type=apprentissage&q=numerque")
        expect(page.get_by_text("Aucune offre ne correspond à votre recherche")).to_be_visible()
        link = page.get_by_role("link", name="numerique", exact=True)
        expect(link).to_be_visible()
        expect(page.get_by_text("Vouliez-vous dire")).to_be_visible()
        page.screenshot(path=artifacts / f"did-you-mean-{width}.png", full_page=True)
        link.click()
        page.wait_for_url(re.compile(r"/recherche\?type=apprentissage&q=numerique$"))
        expect(page.get_by_text("correspond", exact=False).first).to_be_visible()
        expect(page.get_by_text("Vouliez-vous dire")).to_have_count(0)


def test_an_empty_search_offers_the_searches_without_each_criterion(
    site: str, browser: Any, artifacts: Path
) -> None:
    for width, height, name in (
        (1280, 900, "results-empty.png"),
        (390, 844, "results-empty-phone.png"),
    ):
        page = _page(browser, viewport={"width": width, "height": height}, is_mobile=width < 500)
        page.goto(site + "/recherche?region=BRE&domaine=numerique&niveau=7&tri=echeance")
        expect(page.get_by_text("Aucune offre ne correspond à votre recherche")).to_be_visible()
        rescue = page.get_by_role("link", name="sans « Région : Bretagne » : 6 offres")
        expect(rescue).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=artifacts / name, full_page=True)
        rescue.click()
        page.wait_for_url(re.compile(r"/recherche\?niveau=7&domaine=numerique&tri=echeance$"))
        expect(page.get_by_text("6 offres correspondent à votre recherche")).to_be_visible()
