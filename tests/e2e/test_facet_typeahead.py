"""Typing in a facet list finds its values whatever the accents, case and punctuation: « ile »
finds « Île-de-France », « RHONE » « Auvergne-Rhône-Alpes » (the demo catalogue has no offer in
La Réunion, so it is not in the list); and France is a value of « Pays »."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect


def _choose(page: Page, label: str, typed: str, option: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.click()
    field.press_sequentially(typed)
    shown = page.get_by_role("option")
    expect(shown).to_have_count(1)
    expect(shown.first).to_have_text(re.compile(option))


def test_typing_without_accents_finds_regions(site: str, browser: Any, artifacts: Path) -> None:
    page: Page = browser.new_context(locale="fr-FR").new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/")
    expect(page.get_by_text("Stage (53)")).to_be_visible()

    _choose(page, "Région", "ile", r"^Île-de-France \(\d+\)$")
    page.screenshot(path=artifacts / "facet-typeahead-ile.png", full_page=True)
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")

    _choose(page, "Région", "RHONE", r"^Auvergne-Rhône-Alpes \(\d+\)$")
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    _choose(page, "Région", "cote d'azur", r"^Provence-Alpes-Côte d'Azur \(\d+\)$")
    page.screenshot(path=artifacts / "facet-typeahead-cote.png", full_page=True)
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?region=ARA&region=IDF$"))
    expect(page.get_by_text(re.compile(r"\d+ offres? correspond"))).to_be_visible()

    _choose(page, "Pays", "fra", r"^France \(\d+\)$")
