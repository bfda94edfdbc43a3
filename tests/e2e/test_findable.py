"""In a real browser: an offer page with JavaScript off, the offer page's actions and the
footer's State site pages, at a phone's width and a desktop's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

OFFER = "/offres/A-2021-0192"
TITLE = "Apprenti Marketing et expérience client/usager (F/H)"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def _page(browser: Any, **options: Any) -> Page:
    page: Page = browser.new_context(locale="fr-FR", **options).new_page()
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_an_offer_reads_without_javascript(
    site: str, browser: Any, artifacts: Path, width: str
) -> None:
    page = _page(browser, viewport=WIDTHS[width], java_script_enabled=False)
    page.goto(site + OFFER)
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    # Playwright's text locators skip <noscript>: the block is read through its class.
    block = page.locator(".pass-noscript:has(.pass-noscript-offer)")
    expect(block).to_be_visible()
    expect(page.locator(".pass-noscript-message")).to_contain_text(
        "JavaScript est désactivé dans votre navigateur"
    )
    for essential in ("A-2021-0192", "Paris, Île-de-France, FRANCE", "Date limite"):
        expect(block).to_contain_text(essential)
    write = page.get_by_role("link", name="Écrire au recruteur")
    expect(write).to_have_attribute("href", re.compile(r"^mailto:antai-recrutement@.*subject="))
    contact = page.get_by_role("link", name="antai-recrutement@interieur.gouv.fr")
    expect(contact).to_have_attribute("href", "mailto:antai-recrutement@interieur.gouv.fr")
    expect(page.get_by_role("link", name="Mentions légales")).to_be_visible()
    # NiceGUI's English message stays hidden.
    expect(page.get_by_text("Your browser does not support ES modules")).to_be_hidden()
    page.screenshot(path=artifacts / f"offer-no-javascript-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_from_results_to_the_recruiter_and_back(
    site: str, browser: Any, artifacts: Path, width: str
) -> None:
    page = _page(browser, viewport=WIDTHS[width])
    search = site + "/recherche?type=apprentissage&q=marketing"
    page.goto(search)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/offres/A-2021-0192$"))
    expect(page).to_have_title(re.compile("A-2021-0192"))
    write = page.get_by_role("link", name="Écrire au recruteur")
    expect(write).to_be_visible()
    assert (write.get_attribute("href") or "").startswith(
        "mailto:antai-recrutement@interieur.gouv.fr?subject=Candidature%20%E2%80%93%20A-2021-0192"
    )
    # The action is near the top, not after the whole description.
    box = write.bounding_box()
    assert box is not None and box["y"] < WIDTHS[width]["height"]
    # With JavaScript, the no-JavaScript block is not shown.
    expect(page.locator(".pass-noscript")).to_have_count(0)
    page.screenshot(path=artifacts / f"offer-actions-{width}.png", full_page=True)
    page.get_by_role("link", name="Retour aux résultats").click()
    page.wait_for_url(search)
    expect(page.get_by_text("1 offre correspond à votre recherche")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_footer_leads_to_the_state_site_pages(
    site: str, browser: Any, artifacts: Path, width: str
) -> None:
    page = _page(browser, viewport=WIDTHS[width])
    for link, heading, shot in (
        ("Accessibilité : non conforme", "Déclaration d'accessibilité", "accessibility"),
        ("Mentions légales", "Mentions légales", "legal-notice"),
        ("Données personnelles et cookies", "Données personnelles et cookies", "personal-data"),
        ("Plan du site", "Plan du site", "site-plan"),
        ("Données ouvertes", "Données ouvertes", "open-data"),
    ):
        page.goto(site + "/")
        page.get_by_role("navigation", name="Pied de page").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        page.screenshot(path=artifacts / f"{shot}-{width}.png", full_page=True)
    page.goto(site + "/inscription")
    notice = page.get_by_role("link", name="En savoir plus sur vos données personnelles")
    expect(notice).to_be_visible()
    page.screenshot(path=artifacts / f"register-{width}.png", full_page=True)
