"""A candidate's account in a real browser against the real server: create it (CAPTCHA
solved), get the welcome mail, sign in, edit, sign out and in again, delete it."""

from __future__ import annotations

import email.policy
import re
import time
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.accounts.helpers import PASSWORD, solve
from tests.waiting import settled
from ui.pages.account.proof_of_work import FAILED

USERNAME = "camille.martin"
EMAIL = "camille.martin@exemple.fr"
PHONE_WIDTH: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def _page(browser: Any, **options: Any) -> Page:
    context = browser.new_context(locale="fr-FR", **options)
    page: Page = context.new_page()
    return page


@pytest.fixture
def outbox(site: str, site_data: Path) -> Path:
    """The outbox folder in the site's data folder, where its worker writes the mails."""
    return site_data / "outbox"


def _mail_to(
    outbox: Path, address: str, timeout: float = 20, *, subject_part: str = ""
) -> EmailMessage:
    """The first mail to `address` (whose subject holds `subject_part`) the worker writes into
    the outbox (it runs beside the site)."""
    deadline = time.monotonic() + timeout
    while True:
        for path in sorted(outbox.glob("*.eml")):
            message = BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())
            assert isinstance(message, EmailMessage)
            if address in str(message["To"]) and subject_part in str(message["Subject"]):
                return message
        if time.monotonic() > deadline:
            pytest.fail(f"no mail to {address} in {outbox} after {timeout} s")
        time.sleep(0.3)


def _form(page: Page, name: str) -> Locator:
    return page.get_by_role("form", name=name, exact=True)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width} px wide"


def _screenshot(page: Page, path: Path) -> None:
    # From the top: scrolled, a full-page shot draws the fixed header halfway down.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)


def _sign_in(page: Page, site: str, password: str = PASSWORD) -> None:
    page.goto(site + "/connexion")
    page.get_by_label("Identifiant ou adresse e-mail").fill(USERNAME)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_label("Mot de passe", exact=True).press("Enter")  # the keyboard sends it


def test_account_from_creation_to_deletion(
    site: str, browser: Any, artifacts: Path, outbox: Path
) -> None:
    page = _page(browser, viewport=DESKTOP)
    page.goto(site + "/")
    page.get_by_role("link", name="Accès candidat").click()
    page.wait_for_url(re.compile(r"/connexion$"))
    page.get_by_role("link", name="Créer un compte").click()
    page.wait_for_url(re.compile(r"/inscription$"))

    page.get_by_role("radio", name="Madame").click()
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Prénom", exact=True).fill("Camille")
    page.get_by_label("Téléphone (facultatif)").fill("06 12 34 56 78")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Identifiant").fill(USERNAME)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD[:-1])
    expect(page.get_by_text("Les mots de passe ne correspondent pas")).to_be_visible()
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    expect(page.get_by_text("Les mots de passe correspondent", exact=True)).to_be_visible()
    question = page.get_by_text(re.compile(r"^Vérification : combien font \d+ \+ \d+ \?$"))
    asked = re.search(r"(\d+) \+ (\d+)", question.inner_text())
    assert asked is not None
    # The question is the input's description: a screen reader reads it with the field.
    answer = page.get_by_label("Résultat du calcul")
    expect(answer).to_have_attribute("aria-describedby", str(question.get_attribute("id")))
    answer.fill(solve(f"{asked[1]} + {asked[2]} ="))
    # Chromium solved the proof-of-work challenge meanwhile, showing nothing.
    expect(page.get_by_text(FAILED)).to_have_count(0)
    _screenshot(page, artifacts / "account-register.png")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(
        page.get_by_text("Votre compte est créé. Un e-mail de bienvenue vous a été envoyé.")
    ).to_be_visible()

    welcome = _mail_to(outbox, EMAIL)
    assert welcome["Subject"] == "Bienvenue sur PASS"
    body = welcome.get_body(preferencelist=("plain",))
    assert body is not None
    assert f"Votre identifiant : {USERNAME}" in body.get_content()

    # Registration signs the candidate in; sign out to sign in as one comes back another day.
    expect(page.get_by_role("link", name="Continuer vers Mon compte")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion"))
    _sign_in(page, site)
    page.wait_for_url(re.compile(r"/mon-compte$"))
    expect(page.get_by_text("Bonjour Camille Martin.")).to_be_visible()
    expect(page.get_by_text("06 12 34 56 78")).to_be_visible()
    expect(page.get_by_role("link", name="Mon compte")).to_be_visible()
    _screenshot(page, artifacts / "account-home.png")

    page.get_by_role("button", name="Modifier mes informations et mes documents").click()
    page.wait_for_url(re.compile(r"/mon-compte/modifier$"))
    profile = _form(page, "Mes informations")
    profile.get_by_label("Prénom").fill("Camille-Rose")
    profile.get_by_label("Téléphone (facultatif)").fill("07 98 76 54 32")
    profile.get_by_role("button", name="Enregistrer mes informations").click()
    expect(profile.get_by_text("Vos informations sont enregistrées.")).to_be_visible()
    _screenshot(page, artifacts / "account-edit.png")

    page.set_viewport_size(PHONE_WIDTH)
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "account-edit-phone.png")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_text("Déconnexion effectuée. À bientôt sur PASS.")).to_be_visible()
    expect(page.get_by_role("link", name="Accès candidat")).to_be_visible()
    page.goto(site + "/mon-compte")
    page.wait_for_url(re.compile(r"/connexion\?suite=/mon-compte$"))

    _sign_in(page, site)
    page.wait_for_url(re.compile(r"/mon-compte$"))
    expect(page.get_by_text("Bonjour Camille-Rose Martin.")).to_be_visible()
    expect(page.get_by_text("07 98 76 54 32")).to_be_visible()

    page.get_by_role("button", name="Modifier mes informations et mes documents").click()
    deletion = _form(page, "Supprimer mon compte")
    deletion.get_by_label("Mot de passe").fill(PASSWORD)
    deletion.get_by_role("button", name="Supprimer mon compte").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Cette action est définitive")
    settled(page)  # only for the picture: the dialog grows in for 300 ms
    page.screenshot(path=artifacts / "account-delete-dialog.png")
    dialog.get_by_role("button", name="Oui, supprimer définitivement").click()
    page.wait_for_url(re.compile(r"/compte-supprime$"))
    expect(page.get_by_text("Votre compte candidat et toutes ses informations")).to_be_visible()
    expect(page.get_by_role("link", name="Accès candidat")).to_be_visible()

    _sign_in(page, site)
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()


def test_account_forms_on_a_phone(site: str, browser: Any, artifacts: Path) -> None:
    page = _page(browser, viewport=PHONE_WIDTH, is_mobile=True)
    page.goto(site + "/inscription")
    expect(page.get_by_text("Mes informations personnelles")).to_be_visible()
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "account-register-phone.png")

    page.get_by_label("Prénom", exact=True).fill("Camille")
    page.get_by_role("button", name="Créer mon compte").click()
    # Quasar gives each message under an input the alert role: it is read out when it appears.
    expect(page.get_by_role("alert").filter(has_text="Indiquez votre nom.")).to_be_visible()
    expect(
        page.get_by_role("alert").filter(has_text="Choisissez Madame ou Monsieur.")
    ).to_be_visible()
    expect(page.get_by_text("champs sont à corriger")).to_be_visible()
    expect(page.get_by_label("Prénom", exact=True)).to_have_value("Camille")
    expect(page.get_by_label("Nom", exact=True)).to_be_focused()  # the first input to correct
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "account-register-errors-phone.png")

    page.goto(site + "/connexion")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "account-sign-in-phone.png")
