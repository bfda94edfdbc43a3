"""A candidate whose network drops while searching: what was typed and ticked comes back by
itself when the network does, in the fields and in what the server counts.

The browser reaches the site through a relay whose cable the test pulls (tests/e2e/
cuttable_proxy.py): every connection is broken and new ones are refused, then it is plugged
back. A short drop is bridged by the page kept on the server; a long one ends in the reload
NiceGUI makes, after which the page puts back the draft the browser kept."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.cuttable_proxy import CuttableProxy
from ui.connection_resilience import FORM_RECONNECT_TIMEOUT

LOST = "Connexion perdue. Reconnexion en cours…"
# Longer than NiceGUI's default 3 s, which lost the page: a drop the audit measured.
SHORT_DROP_MS = 10_000
# Longer than the server keeps a page: it has forgotten it when the network comes back.
LONG_DROP_MS = int((FORM_RECONNECT_TIMEOUT + 8) * 1000)
# Longer than NiceGUI's 3 s, which the pages without a search form keep.
ACCOUNT_DROP_MS = 8_000


@pytest.fixture
def proxy(site: str) -> Iterator[CuttableProxy]:
    port = urlsplit(site).port
    assert port is not None
    with CuttableProxy(port) as relay:
        yield relay


def _page(browser: Any, width: int, height: int) -> Page:
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page: Page = context.new_page()
    return page


def _type_box(page: Page, name: str) -> Locator:
    return page.get_by_role("checkbox", name=re.compile(rf"^{name} \(\d+\)$"))


def _open_filters(page: Page) -> None:
    """On a phone the filters are in a dialog (ui/filters_panel.py)."""
    page.get_by_role("button", name=re.compile(r"^Filtres \(\d+\)$")).click()
    expect(page.get_by_role("dialog", name="Filtres")).to_be_visible()


def _close_filters(page: Page) -> None:
    page.get_by_role("dialog", name="Filtres").get_by_role("button", name="Fermer").click()
    expect(page.get_by_role("dialog", name="Filtres")).to_have_count(0)


def _type_labels(page: Page) -> list[str]:
    return [_type_box(page, n).inner_text().strip() for n in ("Apprentissage", "Stage")]


def _mark_document(page: Page) -> None:
    """A mark only this document carries: gone if the page was reloaded."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def _lost_connection_shown(page: Page) -> None:
    popup = page.locator("#popup")
    expect(popup).to_have_attribute("aria-hidden", "false")
    expect(popup).to_contain_text(LOST)
    expect(popup).to_contain_text("La page reprendra d'elle-même au retour du réseau.")
    expect(page.get_by_role("status").filter(has_text=LOST)).to_have_count(1)
    # Shown after NiceGUI's grace of 2 s, as a blip is not worth it.
    page.wait_for_function("getComputedStyle(document.getElementById('popup')).opacity === '1'")


def _report(artifacts: Path, what: str, seconds: float) -> None:
    """Figures for the report, not assertions: the machine's load decides them."""
    line = f"{what}: {seconds:.1f} s after the network came back"
    print(line)
    with (artifacts / "lost-connection-timings.txt").open("a") as out:
        out.write(line + "\n")


def _connection_back(page: Page) -> None:
    expect(page.locator("#popup")).to_have_attribute("aria-hidden", "true")


def _choose_region(page: Page, region: str) -> Locator:
    page.get_by_label("Région").click()
    page.get_by_role("option", name=re.compile(rf"^{region} \(\d+\)$")).click()
    page.keyboard.press("Escape")
    chip = page.locator(".q-field__native").filter(has_text=region)
    expect(chip).to_have_count(1)
    return chip


def _reference_labels(
    site: str, browser: Any, path: str, keywords: str, types: list[str], region: str = ""
) -> list[str]:
    """The counts the form shows for these criteria, entered on a page that never lost its
    connection."""
    page = _page(browser, 1280, 900)
    page.goto(site + path)
    for name in types:
        _type_box(page, name).click()
        expect(_type_box(page, name)).to_be_checked()
    if region:
        _choose_region(page, region)
    before = _type_labels(page)
    page.get_by_label("Mots-clés").fill(keywords)
    page.get_by_label("Mots-clés").blur()
    expect(_type_box(page, "Stage")).not_to_have_text(before[1])
    labels = _type_labels(page)
    page.context.close()
    return labels


def test_a_short_drop_loses_nothing(
    site: str, proxy: CuttableProxy, browser: Any, artifacts: Path
) -> None:
    expected = _reference_labels(site, browser, "/", "marketing", ["Apprentissage"])
    page = _page(browser, 1280, 800)
    page.goto(f"http://127.0.0.1:{proxy.port}/")
    expect(_type_box(page, "Stage")).to_have_text("Stage (53)")
    _mark_document(page)

    proxy.cut()
    _lost_connection_shown(page)
    # Typed and ticked while the server cannot be reached.
    _type_box(page, "Apprentissage").click()
    page.get_by_label("Mots-clés").fill("marketing")
    page.get_by_label("Mots-clés").blur()
    page.screenshot(path=artifacts / "lost-connection-1280.png")
    page.wait_for_timeout(SHORT_DROP_MS)
    proxy.restore()
    back = time.monotonic()

    _connection_back(page)
    _report(artifacts, "short drop, page live again", time.monotonic() - back)
    expect(page.get_by_role("status").filter(has_text="Connexion rétablie.")).to_have_count(1)
    expect(page.get_by_label("Mots-clés")).to_have_value("marketing")
    expect(_type_box(page, "Apprentissage")).to_be_checked()
    expect(_type_box(page, "Stage")).not_to_be_checked()
    # The server counted for them: its page was kept and got what was done meanwhile.
    expect(_type_box(page, "Apprentissage")).to_have_text(expected[0])
    expect(_type_box(page, "Stage")).to_have_text(expected[1])
    assert _same_document(page), "the page was reloaded"
    page.screenshot(path=artifacts / "lost-connection-restored-1280.png")

    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?type=apprentissage&q=marketing"))
    expect(page.get_by_text("1 offre correspond à votre recherche")).to_be_visible()


def test_a_long_drop_reloads_the_page_with_the_input(
    site: str, proxy: CuttableProxy, browser: Any, artifacts: Path
) -> None:
    expected = _reference_labels(
        site, browser, "/recherche", "communication", ["Stage"], "Île-de-France"
    )
    page = _page(browser, 390, 844)
    page.goto(f"http://127.0.0.1:{proxy.port}/recherche")
    expect(page.get_by_text("77 offres correspondent à votre recherche")).to_be_visible()
    _open_filters(page)
    _type_box(page, "Stage").click()
    expect(_type_box(page, "Stage")).to_be_checked()
    region_chip = _choose_region(page, "Île-de-France")
    _close_filters(page)
    _mark_document(page)

    proxy.cut()
    _lost_connection_shown(page)
    # Not sent: the server never had it before it forgot the page.
    page.get_by_label("Mots-clés").fill("communication")
    page.screenshot(path=artifacts / "lost-connection-390.png")
    page.wait_for_timeout(LONG_DROP_MS)
    proxy.restore()
    back = time.monotonic()

    # NiceGUI reloads the page by itself; the draft comes back into it.
    page.wait_for_function("window.__sameDocument === undefined")
    _connection_back(page)
    expect(page.get_by_label("Mots-clés")).to_have_value("communication")
    _report(artifacts, "long drop, page reloaded with the input", time.monotonic() - back)
    _open_filters(page)
    expect(_type_box(page, "Stage")).to_be_checked()
    expect(_type_box(page, "Apprentissage")).not_to_be_checked()
    expect(region_chip).to_have_count(1)
    # And the server has it all: it counts for it…
    expect(_type_box(page, "Apprentissage")).to_have_text(expected[0])
    expect(_type_box(page, "Stage")).to_have_text(expected[1])
    page.screenshot(path=artifacts / "lost-connection-restored-390.png", full_page=True)
    _close_filters(page)

    # … and searches for it.
    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?type=stage&q=communication&\w+=\w+"))
    expect(page.get_by_role("textbox", name="Mots-clés")).to_have_value("communication")
    expect(page.locator(".q-field__native").filter(has_text="Île-de-France")).to_have_count(1)


def test_an_account_form_keeps_what_was_typed_but_the_password(
    site: str, proxy: CuttableProxy, browser: Any
) -> None:
    page = _page(browser, 390, 844)
    page.goto(f"http://127.0.0.1:{proxy.port}/connexion")
    login = page.get_by_label("Identifiant ou adresse e-mail")
    login.fill("camille.martin@example.fr")
    page.get_by_label("Mot de passe", exact=True).fill("Un-secret-bien-garde-42")
    _mark_document(page)

    proxy.cut()
    _lost_connection_shown(page)
    page.wait_for_timeout(ACCOUNT_DROP_MS)
    proxy.restore()

    page.wait_for_function("window.__sameDocument === undefined")
    _connection_back(page)
    expect(login).to_have_value("camille.martin@example.fr")
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_value("")
    kept = str(page.evaluate("JSON.stringify(sessionStorage)"))
    assert "camille.martin@example.fr" in kept
    assert "Un-secret-bien-garde-42" not in kept


def test_a_new_visit_starts_afresh(site: str, browser: Any) -> None:
    """Only a reload brings the draft back: « Réinitialiser ma recherche » (a visit of the home
    page) empties the form, as it always did."""
    page = _page(browser, 1280, 800)
    page.goto(site + "/")
    page.get_by_label("Mots-clés").fill("communication")
    _type_box(page, "Stage").click()
    expect(_type_box(page, "Stage")).to_be_checked()
    _mark_document(page)
    page.get_by_role("button", name="Réinitialiser ma recherche").click()

    page.wait_for_function("window.__sameDocument === undefined")
    assert page.evaluate("window.passDraft.take()") is None
    # A round trip through the server, which asked for a draft on connecting, before this.
    _choose_region(page, "Île-de-France")
    expect(_type_box(page, "Stage")).not_to_have_text("Stage (53)")
    expect(page.get_by_label("Mots-clés")).to_have_value("")
    expect(_type_box(page, "Stage")).not_to_be_checked()
