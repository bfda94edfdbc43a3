"""« Mes documents » in a real browser against the real server: a PDF sent through the page's
uploader, listed, downloaded back byte for byte, a disguised executable refused, the PDF
removed; the pages drawn on a desktop and a 390 px phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.accounts.helpers import PASSWORD
from tests.documents.samples import EXECUTABLE, SAMPLES
from tests.e2e.registration import submit_registration
from tests.waiting import settled

USERNAME = "lea.bernard"
EMAIL = "lea.bernard@exemple.fr"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PDF_NAME = "CV Léa Bernard.pdf"


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width} px wide"


def _screenshot(page: Page, path: Path) -> None:
    # From the top: scrolled, a full-page shot draws the fixed header halfway down.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)


def _create_account(page: Page, site: str, welcome: Path | None = None) -> None:
    page.goto(site + "/inscription")
    expect(page.get_by_text("Mes documents (facultatif)")).to_be_visible()
    submit_registration(
        page,
        civility="Madame",
        last_name="Bernard",
        first_name="Léa",
        email=EMAIL,
        username=USERNAME,
    )
    expect(
        page.get_by_text("Ajoutez dès maintenant vos CV, lettres de motivation", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("group", name="CV", exact=True)).to_be_visible()
    later = page.get_by_role("paragraph").get_by_role("link", name="Mon compte", exact=True)
    expect(later).to_have_attribute("href", "/mon-compte")
    if welcome is not None:
        _screenshot(page, welcome)
    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion"))


def _sign_in(page: Page, site: str) -> None:
    page.goto(site + "/connexion")
    page.get_by_label("Identifiant ou adresse e-mail").fill(USERNAME)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/mon-compte$"))


def _cv_group(page: Page) -> Locator:
    documents = page.get_by_role("region", name="Mes documents", exact=True)
    return documents.get_by_role("group", name="CV", exact=True)


def _choose_file(group: Locator, name: str, data: bytes, mime: str = "application/pdf") -> None:
    """What choosing a file in the system's dialog does: the uploader's file input gets it."""
    group.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def test_documents_sent_listed_downloaded_and_removed(
    site: str, browser: Any, artifacts: Path
) -> None:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, accept_downloads=True)
    page: Page = context.new_page()
    # The uploader's header and list are Vue templates: a mistake in them shows only here.
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Playwright turns file-dialog interception on without waiting for it: subscribed only
    # inside expect_file_chooser, a quick key press can open (and lose) the real dialog first.
    page.on("filechooser", lambda _: None)
    _create_account(page, site, welcome=artifacts / "account-welcome.png")
    _sign_in(page, site)
    expect(page.get_by_role("region", name="Mes documents")).to_contain_text("Aucun fichier.")

    page.get_by_role("button", name="Modifier mes informations et mes documents").click()
    page.wait_for_url(re.compile(r"/mon-compte/modifier$"))
    documents = page.get_by_role("region", name="Mes documents", exact=True)
    expect(documents).to_contain_text("Format PDF à privilégier.")
    expect(documents).to_contain_text("3 fichiers au plus par catégorie, 150 Mo au plus")
    expect(documents).to_contain_text("Les recruteurs ne voient jamais ces documents")
    cv = _cv_group(page)
    expect(cv.get_by_role("button", name="Ajouter un CV")).to_be_visible()

    _choose_file(cv, PDF_NAME, SAMPLES["pdf"])
    expect(cv.get_by_role("status")).to_have_text(f"« {PDF_NAME} » a été ajouté.")
    link = cv.get_by_role("link", name=f"Télécharger {PDF_NAME}")
    expect(link).to_be_visible()
    expect(cv).to_contain_text("PDF")
    expect(cv).to_contain_text("3,1 Ko")
    expect(cv).to_contain_text("1 fichier sur 3")

    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == PDF_NAME
    assert Path(download.path()).read_bytes() == SAMPLES["pdf"]

    # From the keyboard this time: the add button opens the system's file dialog.
    add = cv.get_by_role("button", name="Ajouter un CV")
    add.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": EXECUTABLE})
    expect(cv.get_by_role("alert")).to_have_text(
        "« cv.pdf » n'a pas été ajouté. Le contenu de ce fichier ne correspond pas à un "
        "fichier .pdf : il a été refusé."
    )
    expect(cv.get_by_role("link")).to_have_count(1)
    expect(cv.get_by_role("button", name="Ajouter un CV")).to_be_visible()  # ready again
    _screenshot(page, artifacts / "documents-edit.png")

    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    cv.scroll_into_view_if_needed()
    _screenshot(page, artifacts / "documents-edit-phone.png")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Retour à mon compte").click()
    page.wait_for_url(re.compile(r"/mon-compte$"))
    summary = page.get_by_role("region", name="Mes documents", exact=True)
    expect(summary.get_by_role("link", name=f"Télécharger {PDF_NAME}")).to_be_visible()
    expect(summary).to_contain_text("3,1 Ko")
    expect(summary.get_by_role("button", name=re.compile("Supprimer"))).to_have_count(0)
    _screenshot(page, artifacts / "documents-account.png")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)

    page.goto(site + "/mon-compte/modifier")
    cv = _cv_group(page)
    # Removing asks first; Escape answers « Annuler » and gives the focus back to the button
    # (opened from the keyboard: a mouse click does not leave Quasar's buttons focused).
    remove = cv.get_by_role("button", name=f"Supprimer {PDF_NAME}")
    remove.focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("alertdialog", name=f"Supprimer « {PDF_NAME} » ?")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_role("button", name="Annuler")).to_be_focused()
    settled(page)  # only for the picture: the dialog grows in for 300 ms
    page.screenshot(path=artifacts / "documents-confirm-removal.png")
    page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    expect(remove).to_be_focused()
    expect(cv.get_by_role("link", name=f"Télécharger {PDF_NAME}")).to_be_visible()
    remove.click()
    confirm.get_by_role("button", name="Supprimer", exact=True).click()
    expect(cv.get_by_role("status")).to_have_text(f"« {PDF_NAME} » a été supprimé.")
    expect(cv.get_by_role("link")).to_have_count(0)
    expect(cv).to_contain_text("0 fichier sur 3")
    # The pressed button is gone; the keyboard goes on from the category's title.
    expect(cv.get_by_role("heading", name="CV")).to_be_focused()

    page.goto(site + "/mon-compte")
    expect(page.get_by_role("region", name="Mes documents", exact=True)).not_to_contain_text(
        PDF_NAME
    )
    context.close()
    assert errors == []
