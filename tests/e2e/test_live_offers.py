"""The whole loop in a real browser against the real site: a candidate saves a search and
switches its bell on; a recruiter (made by the admin command) publishes a matching offer through
the API; the open results page shows « 1 nouvelle offre » without a reload, and the alert mail
reaches the outbox."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.registration import submit_registration
from tests.e2e.test_account import _mail_to

USERNAME = "camille.roux"
EMAIL = "camille.roux@exemple.fr"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
RECRUITER_PASSWORD = "sentier-brume-lanterne"
KEYWORD = "cartographie"


def _register(page: Page, site: str) -> None:
    page.goto(site + "/inscription")
    submit_registration(
        page,
        civility="Madame",
        last_name="Roux",
        first_name="Camille",
        email=EMAIL,
        username=USERNAME,
    )


def _recruiter_token(site: str, site_data: Path) -> str:
    """A recruiter made as an operator makes one, who then chooses a password and signs in."""
    env = {**os.environ, "PASS_DATA_DIR": str(site_data), "PASS_SITE_URL": site}
    for name in ("DATABASE_URL", "REDIS_URL", "PASS_STORAGE_SECRET"):
        env.pop(name, None)
    made = subprocess.run(
        [
            sys.executable, "-m", "server.admin", "create-account", "--role", "recruiter",
            "--administration", "culture", "--civility", "monsieur", "--last-name", "Petit",
            "--first-name", "Hugo", "--email", "hugo.petit@culture.gouv.fr",
            "--username", "hpetit",
        ],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    link = re.search(r"https?://\S+jeton=\S+", made.stdout)
    assert link is not None, made.stdout
    token = parse_qs(urlparse(link[0]).query)["jeton"][0]
    reset = _graphql(
        site,
        "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p, "
        "newPasswordConfirmation: $p) { ok userErrors { message } } }",
        {"t": token, "p": RECRUITER_PASSWORD},
    )
    assert reset["resetPassword"]["ok"], reset
    login = _graphql(
        site,
        "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { token } }",
        {"l": "hpetit", "p": RECRUITER_PASSWORD},
    )
    return str(login["login"]["token"])


def _graphql(
    site: str, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{site}/graphql",
        json={"query": query, "variables": variables},
        headers=headers,
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def _publish(site: str, token: str) -> str:
    created = _graphql(
        site,
        "mutation($i: OfferInput!) { createOffer(input: $i) { offer { reference } "
        "userErrors { field message } } }",
        {
            "i": {
                "type": "STAGE",
                "title": "Stage – cartographie des monuments (F/H)",
                "diplomaLevel": "6",
                "domain": "culture",
                "administration": "culture",
                "service": "Centre des monuments nationaux",
                "postDescription": "<p>Cartographie numérique des monuments nationaux.</p>",
                "departmentCode": "75",
                "city": "Paris",
                "contactEmail": "stages@monuments-nationaux.fr",
            }
        },
        token,
    )["createOffer"]
    assert created["userErrors"] == [], created
    reference = str(created["offer"]["reference"])
    published = _graphql(
        site,
        "mutation($r: String!) { publishOffer(reference: $r) { offer { status } } }",
        {"r": reference},
        token,
    )
    assert published["publishOffer"]["offer"]["status"] == "PUBLISHED"
    return reference


def test_a_published_offer_appears_live_and_is_mailed(
    own_site: str, own_site_data: Path, browser: Any, artifacts: Path
) -> None:
    site, site_data = own_site, own_site_data  # publishing changes the counts others check
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    page: Page = context.new_page()
    _register(page, site)

    # Save the search and switch its bell on.
    results = f"{site}/recherche?type=stage&q={KEYWORD}"
    page.goto(results)
    expect(page.get_by_text("Aucune offre ne correspond à votre recherche")).to_be_visible()
    page.get_by_role("button", name="Sauvegarder ma recherche").click()
    dialog = page.get_by_role("dialog", name="Sauvegarder ma recherche")
    dialog.get_by_label("Nom de la recherche").fill("Cartographie")
    dialog.get_by_role("button", name="Sauvegarder", exact=True).click()
    expect(page.get_by_text("Recherche sauvegardée", exact=False)).to_be_visible()
    page.goto(site + "/mes-recherches")
    card = page.get_by_role("list", name="Mes recherches sauvegardées").get_by_role("listitem")
    card.get_by_role("button", name="Activer l'alerte").click()
    expect(card.get_by_role("button", name="Désactiver l'alerte")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(card.get_by_role("radio", name="Un e-mail à chaque nouvelle offre")).to_be_checked()
    page.screenshot(path=artifacts / "saved-search-alert-frequency.png")

    # The results page stays open while a recruiter publishes.
    page.goto(results)
    expect(page.get_by_text("Aucune offre ne correspond à votre recherche")).to_be_visible()
    # The page is connected: what its listener counts from now on reaches the browser.
    page.wait_for_function("window.did_handshake === true")
    reference = _publish(site, _recruiter_token(site, site_data))
    notice = page.get_by_role(
        "button", name="1 nouvelle offre correspond à votre recherche : l'afficher"
    )
    expect(notice).to_be_visible()
    assert page.url == results  # no reload
    page.screenshot(path=artifacts / "live-new-offer-notice.png")
    notice.click()
    offer_link = page.get_by_role("link", name="Stage – cartographie des monuments (F/H)")
    expect(offer_link).to_be_visible()
    expect(page.get_by_text("1 offre correspond à votre recherche")).to_be_visible()
    expect(page.get_by_text("Nouvelle", exact=True)).to_be_visible()
    expect(notice).to_be_hidden()
    page.screenshot(path=artifacts / "live-new-offer-shown.png")

    # And the alert, by mail, through the site's worker.
    mail = _mail_to(site_data / "outbox", EMAIL, 40, subject_part="Nouvelle offre")
    assert reference in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    context.close()
