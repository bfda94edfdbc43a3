"""The application tracker in a real browser against the real server: the prepared mail, the
« J'ai écrit au recruteur » form, and « Mes candidatures », at 1280 and 390 px wide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.documents.samples import SAMPLES
from tests.e2e.registration import submit_registration
from tests.waiting import settled

OFFER = "/offres/A-2021-0192"
WIDTHS: dict[str, ViewportSize] = {
    "1280": {"width": 1280, "height": 900},
    "390": {"width": 390, "height": 844},
}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width} px wide"


def _register_with_a_cv(page: Page, site: str, width: str) -> None:
    page.goto(site + "/inscription")
    submit_registration(
        page,
        civility="Madame",
        last_name="Suivi",
        first_name="Camille",
        email=f"camille.suivi{width}@exemple.fr",
        username=f"camille.suivi{width}",
    )
    cv = page.get_by_role("group", name="CV", exact=True)
    name, data, mime = "CV Camille.pdf", SAMPLES["pdf"], "application/pdf"
    cv.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    expect(cv.get_by_role("link", name=f"Télécharger {name}")).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_write_record_and_follow_an_application(
    site: str, browser: Any, artifacts: Path, width: str
) -> None:
    context = browser.new_context(locale="fr-FR", viewport=WIDTHS[width])
    page: Page = context.new_page()
    _register_with_a_cv(page, site, width)

    page.goto(site + OFFER)
    write = page.get_by_role("link", name="Écrire au recruteur")
    href = urlsplit(write.get_attribute("href") or "")
    assert href.scheme == "mailto" and len(write.get_attribute("href") or "") <= 2000
    assert parse_qs(href.query)["body"][0].startswith("Madame, Monsieur,")

    page.get_by_role("button", name="J'ai écrit au recruteur").click()
    dialog = page.get_by_role("dialog", name="Noter ma candidature")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Destinataire")).to_have_value(
        re.compile("antai-recrutement@interieur.gouv.fr")
    )
    dialog.get_by_role("checkbox", name="CV : CV Camille.pdf").click()
    dialog.get_by_label("Notes (facultatif)").fill("Envoyé le CV et une lettre courte.")
    settled(page)  # only for the picture: the dialog grows in for 300 ms
    _no_sideways_scroll(page)
    page.screenshot(path=artifacts / f"application-form-{width}.png")
    dialog.get_by_role("button", name="Enregistrer").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Vous avez écrit le", exact=False)).to_be_visible()

    page.get_by_role("link", name="Voir mes candidatures").click()
    page.wait_for_url(re.compile(r"/mes-candidatures$"))
    cards = page.get_by_role("list", name="Mes candidatures").get_by_role("listitem")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card).to_contain_text("A-2021-0192")
    expect(card).to_contain_text("CV Camille.pdf")
    card.get_by_label("Statut").click()
    page.get_by_role("option", name="Relancée").click()
    expect(card.get_by_text("Statut enregistré : Relancée.")).to_be_visible()
    _no_sideways_scroll(page)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifacts / f"applications-tracker-{width}.png", full_page=True)

    card.get_by_role("button", name=re.compile("^Supprimer la candidature")).click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Supprimer la candidature")
    confirm.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_text("Vous n'avez pas encore noté de candidature.")).to_be_visible()
    context.close()
