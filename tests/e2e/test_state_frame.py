"""The frame of every page in a real browser: a State site's look served by the site itself, a
phone header that keeps to 64 px and scrolls away, a skip link, one main, visible focus."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.registration import submit_registration
from ui.dsfr import DSFR_URL
from ui.frame import TEXT_SCALES

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
OFFER = "/offres/A-2021-0192"
HEADER_LIMIT = 64.0


def _page(browser: Any, viewport: dict[str, int]) -> Page:
    page: Page = browser.new_context(locale="fr-FR", viewport=viewport).new_page()
    return page


def _header_height(page: Page) -> float:
    return float(page.locator("header").evaluate("e => e.getBoundingClientRect().height"))


def _set_text_scale(page: Page, scale: float) -> None:
    """Clicks A- or A+ in the phone menu until the page's text is at `scale` percent."""
    menu = page.get_by_role("button", name="Menu")
    while True:
        current = page.evaluate("getComputedStyle(document.documentElement).fontSize")
        percent = float(current.removesuffix("px")) / 16 * 100
        if percent == scale:
            break
        if menu.get_attribute("aria-expanded") != "true":
            menu.click()
        name = "A+" if percent < scale else "A-"
        page.get_by_role("button", name=re.compile(rf"^{re.escape(name)} ")).click()
        page.wait_for_function(
            "was => getComputedStyle(document.documentElement).fontSize !== was", arg=current
        )
    if menu.get_attribute("aria-expanded") == "true":
        menu.click()


def _check_phone_header(page: Page, site: str, artifacts: Path, who: str) -> dict[float, float]:
    heights = {}
    for scale in TEXT_SCALES:
        page.goto(site + "/")
        _set_text_scale(page, scale)
        heights[scale] = _header_height(page)
        if scale == TEXT_SCALES[-1]:
            page.screenshot(path=artifacts / f"frame-phone-{who}-{scale:g}.png")
    assert all(h <= HEADER_LIMIT for h in heights.values()), heights

    # The links are behind « Menu », a real button that says what it opens.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    nav = page.locator(f"nav#{menu.get_attribute('aria-controls')}")
    expect(nav).to_have_attribute("aria-label", "Menu principal")
    expect(nav).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Rechercher une offre")).to_be_visible()
    page.screenshot(path=artifacts / f"frame-phone-{who}-menu.png")
    menu.click()
    expect(nav).to_be_hidden()

    # Not fixed: it goes up with the page.
    page.mouse.wheel(0, 800)
    expect(page.locator("header")).not_to_be_in_viewport()
    return heights


def test_the_phone_header_keeps_to_64_px_and_scrolls_away(
    site: str, browser: Any, artifacts: Path
) -> None:
    page = _page(browser, PHONE)
    heights = _check_phone_header(page, site, artifacts, "visitor")
    print("phone header heights, signed out:", heights)

    page.goto(site + "/inscription")
    submit_registration(
        page,
        civility="Monsieur",
        last_name="Lefèvre",
        first_name="Bastien",
        email="bastien.lefevre@exemple.fr",
        username="bastien.lefevre",
    )
    heights = _check_phone_header(page, site, artifacts, "candidate")
    print("phone header heights, signed in:", heights)
    menu = page.get_by_role("button", name="Menu")
    page.evaluate("window.scrollTo(0, 0)")
    menu.click()
    nav = page.get_by_role("navigation", name="Menu principal")
    for name in ("Accueil", "Rechercher une offre", "Mes recherches", "Mon compte"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_the_skip_link_comes_first_and_leads_to_the_one_main(site: str, browser: Any) -> None:
    page = _page(browser, DESKTOP)
    page.goto(site + OFFER)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("main").count() == 1
    assert page.get_by_role("main").count() == 1
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('main') !== null")
    # The next Tab goes on from the content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('header')") is None


# The focused control's outline, or its field's for an input (Quasar draws the field's box).
_OUTLINE = """() => {
  const e = document.activeElement;
  const box = e.closest('.q-field__control') || (e.closest('.q-field') ? e : null) || e;
  const field = e.closest('.q-field');
  const s = getComputedStyle(field ? field.querySelector('.q-field__control') : box);
  return {tag: e.tagName, role: e.getAttribute('role') || '', type: e.type || '',
          width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor,
          text: (e.innerText || e.getAttribute('aria-label') || '').slice(0, 40)};
}"""


def _luminance(color: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", color)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _kind(focused: dict[str, Any]) -> str:
    if focused["role"] == "checkbox":
        return "checkbox"
    if focused["tag"] == "INPUT":
        return "input"
    return {"A": "link", "BUTTON": "button"}.get(focused["tag"], "other")


def test_every_kind_of_control_shows_its_focus(site: str, browser: Any) -> None:
    """Tabs through the header and the search form: each control focused shows a 2 px outline
    of a colour at 3:1 at least against white."""
    page = _page(browser, DESKTOP)
    page.goto(site + "/")
    expect(page.get_by_text("Dernières offres publiées")).to_be_visible()
    kinds: set[str] = set()
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(_OUTLINE)
        kinds.add(_kind(focused))
        assert focused["style"] != "none" and focused["width"] >= 2, focused
        contrast = 1.05 / (_luminance(focused["color"]) + 0.05)
        assert contrast >= 3, (focused, contrast)
    assert {"link", "button", "checkbox", "input"} <= kinds, kinds


def test_the_state_look_comes_from_the_site_itself(
    site: str, browser: Any, artifacts: Path
) -> None:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site))
    page = _page(browser, DESKTOP)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", OFFER):
        page.goto(site + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.evaluate("document.fonts.ready")
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Marianne'"
            " && f.status === 'loaded')"
        ), path
        assert page.evaluate("document.fonts.check('16px Marianne')"), path
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Marianne")
        uppercase = page.evaluate(
            "[...document.querySelectorAll('button')]"
            ".filter(b => getComputedStyle(b).textTransform === 'uppercase')"
            ".map(b => b.innerText)"
        )
        assert uppercase == [], (path, uppercase)
        header = page.get_by_role("banner")
        expect(header.get_by_text("République")).to_be_visible()
        expect(header.get_by_text("PASS", exact=True)).to_be_visible()
        footer = page.get_by_role("contentinfo")
        expect(footer.get_by_text("Française")).to_be_visible()
        page.screenshot(path=artifacts / f"frame-desktop{path.replace('/', '-')}.png")
    elsewhere = [url for url in requested if not url.startswith(origin + "/")]
    assert elsewhere == [], elsewhere
    assert any("/fonts/Marianne-" in url for url in requested)

    response = httpx.get(f"{site}{DSFR_URL}/core/core.min.css")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]
