"""Saved searches in a real browser against the real server: a visitor asked to sign in first,
the search saved, then the bell, a new name, running it again and deleting it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, ViewportSize, expect

from tests.accounts.helpers import PASSWORD
from tests.e2e.registration import submit_registration
from tests.waiting import settled

USERNAME = "alex.bernard"
EMAIL = "alex.bernard@exemple.fr"
PHONE_WIDTH: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
SAVED = "Recherche sauvegardée : retrouvez-la dans Mes recherches."
ALERT_ON = "Alerte activée : vous recevrez un e-mail pour chaque nouvelle offre correspondante."
EMPTY = "Vous n'avez pas encore de recherche sauvegardée. Lancez une recherche puis cliquez"
COUNT = re.compile(r"^(\d+) offres? corresponde?n?t? à votre recherche$")


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width} px wide"


def _screenshot(page: Page, path: Path) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True)


def _register(page: Page, site: str) -> None:
    page.goto(site + "/inscription")
    submit_registration(
        page,
        civility="Monsieur",
        last_name="Bernard",
        first_name="Alex",
        email=EMAIL,
        username=USERNAME,
    )
    # Registration signs in; this test starts as a visitor.
    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion"))


def _count(page: Page) -> int:
    total = page.get_by_text(COUNT)
    expect(total).to_be_visible()
    found = COUNT.match(total.inner_text().strip())
    assert found is not None
    return int(found[1])


def test_save_a_search_then_manage_it(site: str, browser: Any, artifacts: Path) -> None:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    page: Page = context.new_page()
    _register(page, site)

    # The search, as a visitor would make it from the home page.
    page.goto(site + "/")
    page.get_by_text("Stage (53)").click()
    page.get_by_label("Mots-clés", exact=True).fill("data")
    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?type=stage&q=data$"))
    results_url = page.url
    before = _count(page)
    assert before > 0

    # Saving needs an account: sign in, come back to the same results, the search saved
    # without a second click.
    expect(
        page.get_by_text("La sauvegarde demande un compte candidat", exact=False)
    ).to_be_visible()
    page.get_by_role("button", name="Sauvegarder ma recherche").click()
    page.wait_for_url(
        re.compile(r"/connexion\?suite=/recherche%3Ftype%3Dstage%26q%3Ddata%26sauvegarder%3D1$")
    )
    page.get_by_label("Identifiant ou adresse e-mail").fill(USERNAME)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(page.get_by_text("La sauvegarde demande un compte candidat")).to_have_count(0)
    # The address no longer asks to save: a reload does not save the search twice.
    page.wait_for_url(results_url)
    page.screenshot(path=artifacts / "save-search-on-return.png")
    page.reload()
    expect(page.get_by_role("button", name="Sauvegarder ma recherche")).to_be_visible()
    expect(page.get_by_text(SAVED)).to_have_count(0)

    # A second one, through the dialog, named by default, so the list has more than one card.
    page.goto(site + "/recherche?type=apprentissage&region=IDF")
    page.get_by_role("button", name="Sauvegarder ma recherche").click()
    dialog = page.get_by_role("dialog", name="Sauvegarder ma recherche")
    expect(dialog).to_contain_text("Critères : Apprentissage · Région : Île-de-France")
    name = dialog.get_by_label("Nom de la recherche")
    expect(name).to_have_value(re.compile(r"^Ma recherche du "))
    expect(name).to_be_focused()
    default = name.input_value()
    name.fill("")
    dialog.get_by_role("button", name="Sauvegarder", exact=True).click()
    expect(dialog.get_by_text("Donnez un nom à cette recherche.")).to_be_visible()
    name.fill(default)
    settled(page)  # only for the picture: the dialog grows in for 300 ms
    page.screenshot(path=artifacts / "save-search-dialog.png")
    name.press("Enter")
    expect(page.get_by_text(SAVED)).to_be_visible()
    expect(dialog).to_be_hidden()
    page.set_viewport_size(PHONE_WIDTH)
    _no_sideways_scroll(page)
    page.get_by_text(SAVED).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "save-search-results-phone.png")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Voir mes recherches").click()
    page.wait_for_url(re.compile(r"/mes-recherches$"))
    expect(
        page.get_by_role("heading", name="Mes recherches sauvegardées et mes alertes")
    ).to_be_visible()
    cards = page.get_by_role("list", name="Mes recherches sauvegardées").get_by_role("listitem")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Apprentissage · Région : Île-de-France")
    card = cards.filter(has_text="Stage · mots-clés « data »")  # stays true through a rename
    expect(card.get_by_role("heading")).to_have_text("data")  # the keywords, by default
    expect(card).to_contain_text("Sauvegardée le ")

    # The bell, on then off then on.
    bell = card.get_by_role("button", name="Activer l'alerte")
    expect(bell).to_have_attribute("aria-pressed", "false")
    bell.click()
    expect(card.get_by_text(ALERT_ON)).to_be_visible()
    bell = card.get_by_role("button", name="Désactiver l'alerte")
    expect(bell).to_have_attribute("aria-pressed", "true")
    bell.click()
    expect(card.get_by_text("Alerte désactivée.")).to_be_visible()
    card.get_by_role("button", name="Activer l'alerte").click()
    expect(card.get_by_text(ALERT_ON)).to_be_visible()

    # A new name, sent with the keyboard.
    card.get_by_role("button", name="Renommer data", exact=True).click()
    field = card.get_by_label("Nom de la recherche")
    expect(field).to_be_focused()
    field.fill("Stages data, partout en France")
    field.press("Enter")
    expect(card.get_by_text("Recherche renommée.")).to_be_visible()
    expect(card.get_by_role("heading")).to_have_text("Stages data, partout en France")
    expect(field).to_be_hidden()
    expect(
        card.get_by_role("button", name="Renommer Stages data, partout en France")
    ).to_be_focused()
    _screenshot(page, artifacts / "saved-searches.png")

    page.set_viewport_size(PHONE_WIDTH)
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "saved-searches-phone.png")
    page.set_viewport_size(DESKTOP)

    # After a reload, the alert is still on; the search runs again with the same results.
    page.reload()
    card = cards.filter(has_text="Stage · mots-clés « data »")
    expect(card.get_by_role("button", name="Désactiver l'alerte")).to_have_attribute(
        "aria-pressed", "true"
    )
    card.get_by_role("link", name="Relancer la recherche").click()
    page.wait_for_url(results_url)
    assert _count(page) == before
    expect(page.get_by_label("Mots-clés", exact=True)).to_have_value("data")

    page.go_back()
    page.wait_for_url(re.compile(r"/mes-recherches$"))
    card = cards.filter(has_text="Stage · mots-clés « data »")
    card.get_by_role("button", name="Supprimer Stages data, partout en France").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Supprimer la recherche « Stages data, partout en France » ?")
    confirm.get_by_role("button", name="Oui, supprimer").click()
    expect(
        page.get_by_text("La recherche « Stages data, partout en France » est supprimée.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Stages data, partout en France")).to_have_count(0)
    expect(cards).to_have_count(1)

    cards.first.get_by_role("button", name=re.compile(r"^Supprimer Ma recherche du ")).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Oui, supprimer").click()
    expect(page.get_by_text(EMPTY, exact=False)).to_be_visible()
    expect(cards).to_have_count(0)
    context.close()
