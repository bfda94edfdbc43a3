"""Searching on a phone: filters behind « Filtres (n) », the first offer in sight, the criteria
as removable tags, one live region; and the time to the first offer, reported."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import SPEED
from tests.waiting import settled

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The header another change brings down to this height at most: until it lands, the first offer
# is measured as if it had (its top may sit lower by what the header has in excess).
HEADER_TARGET_PX = 64
FIRST_OFFER = "ul[aria-label='Offres'] > li"
LIVE_REGIONS = "[aria-live],[role=status],[role=alert],[role=log]"


def _page(browser: Any, viewport: dict[str, int]) -> Page:
    phone = viewport["width"] < 500
    context = browser.new_context(
        locale="fr-FR", viewport=viewport, is_mobile=phone, has_touch=phone
    )
    page: Page = context.new_page()
    return page


def _opener(page: Page) -> Any:
    return page.get_by_role("button", name=re.compile(r"^Filtres \(\d+\)$"))


def test_the_filters_wait_behind_one_button_on_a_phone(
    site: str, browser: Any, artifacts: Path
) -> None:
    page = _page(browser, PHONE)
    page.goto(site + "/recherche?type=stage&region=IDF")
    opener = _opener(page)
    expect(opener).to_have_text(re.compile(r"Filtres \(2\)$"))
    # The lists are not on the page, the keywords and the search button are.
    expect(page.get_by_label("Région", exact=True)).to_be_hidden()
    expect(page.get_by_label("Mots-clés", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Lancer ma recherche")).to_be_visible()

    opener.click()
    dialog = page.get_by_role("dialog", name="Filtres")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog.get_by_role("heading", name="Filtres")).to_be_focused()
    apply = dialog.get_by_role("button", name=re.compile(r"^Afficher \d+ offres?$"))
    expect(apply).to_have_text(re.compile("Afficher 18 offres$"))
    settled(page)
    page.screenshot(path=artifacts / "phone-filters-open.png")

    dialog.get_by_text("Apprentissage (").click()
    # Both types: every offer of the region, counted as the box is ticked.
    expect(apply).to_have_text(re.compile("Afficher 29 offres$"))
    expect(opener).to_have_text(re.compile(r"Filtres \(3\)$"))

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    opener.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    opener.click()
    dialog.get_by_role("button", name="Effacer les filtres").click()
    expect(apply).to_have_text(re.compile("Afficher 77 offres$"))
    expect(opener).to_have_text(re.compile(r"Filtres \(0\)$"))
    dialog.get_by_text("Stage (").click()
    expect(apply).to_have_text(re.compile("Afficher 53 offres$"))
    apply.click()
    page.wait_for_url(re.compile(r"/recherche\?type=stage$"))
    expect(page.get_by_role("heading", name="53 offres correspondent")).to_be_visible()


def test_the_filters_stay_in_sight_on_a_wide_screen(site: str, browser: Any) -> None:
    page = _page(browser, DESKTOP)
    page.goto(site + "/recherche?region=IDF")
    expect(page.get_by_label("Région", exact=True)).to_be_visible()
    expect(page.get_by_text("Stage (18)")).to_be_visible()
    expect(_opener(page)).to_be_hidden()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("button", name="Rechercher toutes les offres")).to_be_visible()


def _first_offer_top(page: Page) -> tuple[float, float]:
    """The first offer's top and the header's height, in CSS pixels."""
    expect(page.locator(FIRST_OFFER).first).to_be_visible()
    top = page.locator(FIRST_OFFER).first.evaluate("e => e.getBoundingClientRect().top")
    header = page.locator("header").first.evaluate("e => e.getBoundingClientRect().height")
    return float(top), float(header)


def test_the_first_offer_shows_without_scrolling_on_a_phone(
    site: str, browser: Any, artifacts: Path
) -> None:
    page = _page(browser, PHONE)
    for name, path in (
        ("home", "/"),
        ("results", "/recherche"),
        ("results-filtered", "/recherche?type=stage&region=IDF&domaine=numerique&q=reseau"),
    ):
        page.goto(site + path)
        top, header = _first_offer_top(page)
        # Until the header is 64 px high, what it has above that is not held against the page.
        allowed = PHONE["height"] - max(0.0, header - HEADER_TARGET_PX)
        assert top < allowed, f"{name}: first offer at {top} px (header {header} px)"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=artifacts / f"phone-first-offer-{name}.png")


def test_screens_at_every_width_and_at_a_larger_text(
    site: str, browser: Any, artifacts: Path
) -> None:
    """Pictures to look at (the measures are the other tests')."""
    for viewport in (DESKTOP, PHONE):
        page = _page(browser, viewport)
        width = viewport["width"]
        for name, path in (("home", "/"), ("results", "/recherche?type=stage&region=IDF")):
            page.goto(site + path)
            expect(page.locator(FIRST_OFFER).first).to_be_visible()
            page.screenshot(path=artifacts / f"search-{name}-{width}.png")
        if width < 500:  # the text size buttons are in the header's menu
            page.get_by_role("button", name="Menu").click()
        for _ in range(3):
            page.get_by_role("button", name="Agrandir la taille du texte").click()
        page.wait_for_function("document.documentElement.style.fontSize === '150%'")
        page.goto(site + "/recherche?type=stage&region=IDF")
        expect(page.locator(FIRST_OFFER).first).to_be_visible()
        page.screenshot(path=artifacts / f"search-results-{width}-150.png")
        if width < 500:
            _opener(page).click()
            settled(page)
            page.screenshot(path=artifacts / "phone-filters-open-150.png")


def test_criteria_are_tags_each_removed_in_one_press(
    site: str, browser: Any, artifacts: Path
) -> None:
    page = _page(browser, PHONE)
    page.goto(site + "/recherche?type=stage&region=IDF&q=gestion")
    tags = page.get_by_role("list", name="Critères de la recherche")
    region = tags.get_by_role("button", name="Retirer le filtre Région : Île-de-France")
    expect(region).to_have_text("Région : Île-de-France")
    expect(
        tags.get_by_role("button", name="Retirer le filtre Type d'offre : Stage")
    ).to_be_visible()
    expect(tags.get_by_role("button", name="Retirer le filtre Mots-clés : gestion")).to_be_visible()
    count = page.get_by_role("heading", level=2, name=re.compile("correspond"))
    before = count.inner_text()
    page.screenshot(path=artifacts / "phone-tags.png")
    # The lists show their chosen values as text: no chip whose remove control says only
    # « Supprimer » (Quasar's), the tags above being the way to remove one.
    page.get_by_role("button", name=re.compile("Filtres")).click()
    expect(page.get_by_role("combobox", name="Région")).to_be_visible()
    expect(page.get_by_role("button", name="Supprimer", exact=True)).to_have_count(0)
    expect(page.locator(".q-field__native").filter(has_text="Île-de-France")).to_have_count(1)
    page.keyboard.press("Escape")

    region.click()
    page.wait_for_url(re.compile(r"/recherche\?type=stage&q=gestion$"))
    expect(count).not_to_have_text(before)
    expect(tags.get_by_role("button", name=re.compile("Région"))).to_have_count(0)
    tags.get_by_role("button", name="Retirer le filtre Mots-clés : gestion").click()
    page.wait_for_url(re.compile(r"/recherche\?type=stage$"))
    expect(count).to_have_text("53 offres correspondent à votre recherche")


def test_one_live_region_and_the_count_is_a_heading(site: str, browser: Any) -> None:
    page = _page(browser, DESKTOP)
    page.goto(site + "/recherche?type=stage")
    count = page.get_by_role("heading", level=2, name="53 offres correspondent à votre recherche")
    expect(count).to_be_visible()
    expect(page.locator(FIRST_OFFER).first).to_be_visible()
    regions = page.evaluate(
        f"[...document.querySelectorAll('{LIVE_REGIONS}')].map(e => e.getAttribute('aria-live'))"
    )
    assert regions == ["polite"]
    headings = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2')].filter(h => h.offsetParent)"
        ".map(h => h.tagName + ' ' + h.innerText)"
    )
    assert headings[:2] == [
        "H1 Rechercher une offre",
        "H2 53 offres correspondent à votre recherche",
    ]

    # The counts the form recomputes are said there.
    page.get_by_text("Apprentissage (").click()
    expect(page.locator("[aria-live=polite]")).to_have_text("77 offres avec ces critères")
    page.goto(site + "/")
    expect(page.locator(FIRST_OFFER).first).to_be_visible()
    assert page.evaluate(f"document.querySelectorAll('{LIVE_REGIONS}').length") == 1


# Set before the page's own scripts: the moment (ms since the navigation began) the first offer
# is drawn inside the screen.
_WATCH_FIRST_OFFER = """
(() => {
  const seen = () => {
    const card = document.querySelector(SELECTOR);
    if (!card) return false;
    const box = card.getBoundingClientRect();
    if (box.height > 0 && box.top < window.innerHeight) {
      window.__firstOfferMs = performance.now();
      return true;
    }
    return false;
  };
  const watch = new MutationObserver(() => { if (seen()) watch.disconnect(); });
  document.addEventListener("DOMContentLoaded", () => {
    if (!seen()) watch.observe(document.body, { childList: true, subtree: true });
  });
})();
""".replace("SELECTOR", json.dumps(FIRST_OFFER))

RUNS = 5


def test_time_to_the_first_offer_on_a_phone_is_reported(
    site: str, browser: Any, artifacts: Path
) -> None:
    """Not a timed assertion: the figures go to test-artifacts/speed.json and the summary."""
    figures: dict[str, Any] = {}
    for name, path in (("home", "/"), ("results", "/recherche?type=stage&region=IDF")):
        times = []
        page = _page(browser, PHONE)
        page.add_init_script(_WATCH_FIRST_OFFER)
        page.goto(site + path)  # a first visit warms the site's caches, as a real one would
        for _ in range(RUNS):
            page.goto(site + path)
            page.wait_for_function("window.__firstOfferMs !== undefined")
            times.append(float(page.evaluate("window.__firstOfferMs")))
        figures[name] = {
            "path": path,
            "median_ms": round(statistics.median(times)),
            "runs_ms": [round(t) for t in times],
        }
    figures["viewport"] = f"{PHONE['width']}x{PHONE['height']}"
    figures["measure"] = "navigation start to first offer card drawn on screen, performance.now()"
    (artifacts / "speed.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    SPEED.update(figures)
    assert all(figures[name]["median_ms"] > 0 for name in ("home", "results"))
