"""A place chosen with the keyboard on a phone: « renn », arrow down, Enter gives Rennes; the
search keeps the offers within reach, shows their distance and offers to sort by it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.services import REQUIRE

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_choosing_a_place_with_the_keyboard_on_a_phone(
    site: str, browser: Any, artifacts: Path
) -> None:
    page: Page = browser.new_context(locale="fr-FR").new_page()
    page.set_viewport_size(PHONE)
    page.goto(site + "/recherche")
    expect(page.get_by_text(re.compile(r"\d+ offres correspondent"))).to_be_visible()

    # On a phone the place is among the filters, in their dialog.
    page.get_by_role("button", name="Filtres (0)").click()
    filters = page.get_by_role("dialog", name="Filtres")
    place = filters.get_by_role("combobox", name="Lieu", exact=True)
    expect(place).to_have_attribute("aria-expanded", "false")
    place.click()
    place.press_sequentially("renn")
    options = page.get_by_role("option")
    expect(options.first).to_have_text(re.compile(r"^Rennes \(35\)\s*35000.*code INSEE 35238"))
    expect(place).to_have_attribute("aria-expanded", "true")
    # The list opens under the field (it scrolls), not over the page header.
    box, first = place.bounding_box(), options.first.bounding_box()
    assert box and first and first["y"] >= box["y"] + box["height"] - 1
    page.screenshot(path=artifacts / "place-typed-390.png", full_page=False)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(place).to_have_value("Rennes (35)")
    page.keyboard.press("Escape")
    expect(place).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_visible()  # Escape closed the list, not the dialog

    filters.get_by_role("button", name=re.compile(r"^Afficher \d+ offres?$")).click()
    page.wait_for_url(re.compile(r"/recherche\?pres=35238(:|%3A)20$"))
    expect(page.get_by_text(re.compile(r"\d+ offres? correspond"))).to_be_visible()
    # The place chosen shows as a tag (the field is in the closed filters' dialog).
    expect(
        page.get_by_role("button", name="Retirer le filtre Lieu : Rennes (35), 20 km")
    ).to_be_visible()
    distances = page.locator(".pass-distance").all_inner_texts()
    assert distances, "no distance on the cards"
    for shown in distances:
        km = re.fullmatch(r"à (moins de 1|\d+(?:,\d)?)\skm", shown)
        assert km, shown
        assert km.group(1) == "moins de 1" or float(km.group(1).replace(",", ".")) <= 20
    page.screenshot(path=artifacts / "place-results-390.png", full_page=True)

    # Sorting by distance, offered now that there is a place.
    page.get_by_role("combobox", name="Trier par").click()
    page.get_by_role("option", name="Distance").click()
    page.wait_for_url(re.compile(r"pres=35238(:|%3A)20&tri=distance$"))
    expect(page.locator(".pass-distance").first).to_be_visible()
    page.screenshot(path=artifacts / "place-by-distance-390.png", full_page=True)

    # The back button returns to the search before the order was chosen.
    page.go_back()
    page.wait_for_url(re.compile(r"/recherche\?pres=35238(:|%3A)20$"))
    # The place chosen shows as a tag (the field is in the closed filters' dialog).
    expect(
        page.get_by_role("button", name="Retirer le filtre Lieu : Rennes (35), 20 km")
    ).to_be_visible()


def test_an_unknown_place_typed_is_explained(site: str, browser: Any, artifacts: Path) -> None:
    page: Page = browser.new_context(locale="fr-FR").new_page()
    page.set_viewport_size(PHONE)
    page.goto(site + "/recherche")
    page.get_by_role("button", name="Filtres (0)").click()
    filters = page.get_by_role("dialog", name="Filtres")
    place = filters.get_by_role("combobox", name="Lieu", exact=True)
    place.click()
    place.press_sequentially("Atlantide")
    expect(page.get_by_text("Aucune commune de ce nom")).to_be_visible()
    filters.get_by_role("button", name=re.compile(r"^Afficher \d+ offres?$")).click()
    # Said in the dialog, next to the field it is about.
    expect(filters.get_by_text("Lieu inconnu : Atlantide")).to_be_visible()
    assert page.url.endswith("/recherche")
    page.screenshot(path=artifacts / "place-unknown-390.png", full_page=False)


# axe.min.js of npm `axe-core` (CI fetches it with `npm pack axe-core`).
AXE = Path(os.environ.get("PASS_TEST_AXE", "axe.min.js"))


def test_the_results_with_a_place_pass_axe(site: str, browser: Any, artifacts: Path) -> None:
    """axe-core's WCAG 2.x A/AA rules on a results page with a place, keywords and the sort
    choice, at phone and desktop widths; needs axe.min.js (npm `axe-core`)."""
    if not AXE.is_file():
        message = f"axe-core not found at {AXE} (set PASS_TEST_AXE)"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    found: dict[str, list[str]] = {}
    for size in (PHONE, ViewportSize(width=1280, height=800)):
        page: Page = browser.new_context(locale="fr-FR").new_page()
        page.set_viewport_size(size)
        page.goto(site + "/recherche?q=communication&pres=75056:50&tri=distance")
        expect(page.locator(".pass-distance").first).to_be_visible()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        )
        for violation in result["violations"]:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]]
            found.setdefault(violation["id"], []).extend(targets)
    (artifacts / "axe-results-with-place.json").write_text(json.dumps(found, indent=2))
    assert found == {}, json.dumps(found, indent=2)
