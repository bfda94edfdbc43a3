"""« Accès recruteur » in a real browser against the real site: an admin (made by the command)
signs in through the header's door, invites a recruiter; the invitation mail's link lets the
recruiter choose a password and lands them, signed in, on « Mes offres »; the offer they write
through the form, with its PDF, previewed and published, shows live on a candidate's open
results page, reaches the candidate's alert and two visits, and « Mes offres » counts both.
The form keeps what was typed across a reload (what NiceGUI does after a long drop)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, ViewportSize, expect

from tests.documents.samples import SAMPLES
from tests.e2e.registration import submit_registration
from tests.e2e.staff import STAFF_PASSWORD, link_in, make_admin, on_site
from tests.e2e.test_account import _mail_to, _no_sideways_scroll, _screenshot
from tests.e2e.test_live_offers import KEYWORD

PDF = SAMPLES["pdf"]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
RECRUITER = "lea.moreau@culture.gouv.fr"
CANDIDATE = "jules.vidal@exemple.fr"
# A person's browser. Playwright's own may call itself « HeadlessChrome », which the counter
# leaves out as a robot.
PERSON = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def _candidate_with_a_bell(browser: Any, site: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    page: Page = context.new_page()
    page.goto(site + "/inscription")
    submit_registration(
        page, civility="Monsieur", last_name="Vidal", first_name="Jules", email=CANDIDATE,
        username="jules.vidal",
    )  # fmt: skip
    page.goto(f"{site}/recherche?type=stage&q={KEYWORD}")
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
    context.close()


def _open_results(browser: Any, site: str) -> Page:
    """The candidate's results page, left open while the recruiter publishes."""
    page: Page = browser.new_context(locale="fr-FR", viewport=DESKTOP).new_page()
    page.goto(f"{site}/recherche?type=stage&q={KEYWORD}")
    expect(page.get_by_text("Aucune offre ne correspond à votre recherche")).to_be_visible()
    # Connected: what its listener hears from now on reaches the browser.
    page.wait_for_function("window.did_handshake === true")
    return page


def _both_widths(page: Page, artifacts: Path, name: str) -> None:
    """Screenshots at a desktop's and a phone's width; on the phone nothing wider than it."""
    page.set_viewport_size(DESKTOP)
    _screenshot(page, artifacts / f"{name}-1280.png")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / f"{name}-390.png")


def _choose(page: Page, label: str, typed: str, option: str) -> None:
    page.get_by_label(label, exact=True).fill(typed)
    page.get_by_role("option", name=option).click()


def _writes_and_publishes(page: Page, artifacts: Path) -> str:
    """Through the form, as a recruiter does: refused, corrected, given its PDF, previewed,
    published; the reference given."""
    page.get_by_role("link", name="Déposer une offre").click()
    expect(page.get_by_role("heading", name="Déposer une offre", level=1)).to_be_visible()
    _both_widths(page, artifacts, "offer-form")
    page.get_by_role("button", name="Publier").click()
    title = page.get_by_label("Intitulé de l'offre")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_be_focused()  # the first field to correct
    expect(page.get_by_text("Indiquez l'intitulé de l'offre.")).to_be_visible()
    _both_widths(page, artifacts, "offer-form-errors")

    title.fill("Stage – cartographie des monuments (F/H)")
    page.get_by_label("Niveau de diplôme préparé").click()
    page.get_by_role("option", name="Niveau 6 – (Bac+3 ou 4)").click()
    _choose(page, "Domaine d'activité", "Culture", "Culture, patrimoine")
    description = page.get_by_role("textbox", name="Description du poste")
    description.click()
    description.type("Cartographie numérique des monuments nationaux.")
    page.get_by_label("Service d'affectation").fill("Centre des monuments nationaux")
    _choose(page, "Commune", "Paris", "Paris (75)")
    page.get_by_label("Adresse e-mail du contact").fill("stages@monuments-nationaux.fr")
    page.get_by_label("Durée (facultatif)").fill("6 mois")
    # The PDF goes with the new offer: kept by the form, joined when the offer is saved.
    attachment = page.get_by_role("group", name="Fichier PDF (facultatif)")
    attachment.locator("input[type=file]").set_input_files(
        {"name": "Fiche de poste.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(
        page.get_by_text("« Fiche de poste.pdf » sera joint à l'offre à son enregistrement.")
    ).to_be_visible()
    page.get_by_role("button", name="Aperçu").click()
    expect(page.get_by_text("Aperçu : l'offre telle que les candidats la verront.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("cartographie")
    expect(page.get_by_text("Paris, Île-de-France, FRANCE")).to_be_visible()
    expect(page.get_by_text("6 mois", exact=True)).to_be_visible()
    # Named in the preview (the hidden form names it too), without a link till it is stored.
    expect(page.locator('text="Fiche de poste.pdf" >> visible=true')).to_have_count(1)
    expect(page.get_by_role("link", name="Fiche de poste.pdf")).to_have_count(0)
    _both_widths(page, artifacts, "offer-preview")
    page.get_by_role("button", name="Revenir au formulaire").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/modifier?fait=publiee")
    expect(page.get_by_role("status").filter(has_text="Offre publiée")).to_be_in_viewport()
    _both_widths(page, artifacts, "offer-published")
    reference = page.url.split("/recruteur/offres/", 1)[1].split("/", 1)[0]
    assert reference.startswith("S-"), page.url
    return reference


def _admin_invites(browser: Any, site: str, admin: str, artifacts: Path) -> None:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    page: Page = context.new_page()
    page.goto(site)
    page.get_by_role("link", name="Accès recruteur").click()
    expect(page.get_by_role("heading", name="Accès recruteur", level=1)).to_be_visible()
    page.get_by_label("Identifiant ou adresse e-mail").fill(admin)
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/recruteur/offres")
    expect(page.get_by_role("heading", name="Mes offres", level=1)).to_be_visible()
    page.get_by_role("link", name="Inviter un recruteur").click()
    page.get_by_label("Adresse e-mail de la personne invitée").fill(RECRUITER)
    page.get_by_label("Administration").fill("Culture")
    page.get_by_role("option", name="Ministère de la Culture").click()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text(f"Invitation envoyée à {RECRUITER}.")).to_be_visible()
    _screenshot(page, artifacts / "recruiter-invitation-1280.png")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "recruiter-invitation-390.png")
    context.close()


def _recruiter_accepts(browser: Any, site: str, link: str, artifacts: Path) -> Page:
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page: Page = context.new_page()
    page.goto(link)
    expect(page.get_by_text("pour l'administration « Ministère de la Culture »")).to_be_visible()
    page.get_by_role("radio", name="Madame").click()
    page.get_by_label("Nom", exact=True).fill("Moreau")
    page.get_by_label("Prénom", exact=True).fill("Léa")
    page.get_by_label("Identifiant").fill("lmoreau")
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(STAFF_PASSWORD)
    _no_sideways_scroll(page)
    _screenshot(page, artifacts / "recruiter-accept-390.png")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/recruteur/offres")
    expect(
        page.get_by_text("Offres de l'administration « Ministère de la Culture »")
    ).to_be_visible()
    return page


def test_an_invited_recruiter_follows_their_offers(
    own_site: str, own_site_data: Path, browser: Any, artifacts: Path
) -> None:
    site, outbox = own_site, own_site_data / "outbox"
    admin = make_admin(site, own_site_data, "alice.chef")
    _candidate_with_a_bell(browser, site)
    _admin_invites(browser, site, admin, artifacts)

    invitation = _mail_to(outbox, RECRUITER, 40, subject_part="Invitation")
    text = invitation.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Ministère de la Culture" in text and "valable 7 jours" in text
    page = _recruiter_accepts(browser, site, on_site(site, link_in(text)), artifacts)

    results = _open_results(browser, site)
    reference = _writes_and_publishes(page, artifacts)
    notice = results.get_by_role(
        "button", name="1 nouvelle offre correspond à votre recherche : l'afficher"
    )
    expect(notice).to_be_visible()  # live, without a reload
    notice.click()
    expect(
        results.get_by_role("link", name="Stage – cartographie des monuments (F/H)")
    ).to_be_visible()
    results.context.close()
    _mail_to(outbox, CANDIDATE, 40, subject_part="Nouvelle offre")  # the alert went
    visitor = browser.new_context(locale="fr-FR", user_agent=PERSON).new_page()
    for _ in range(2):
        visitor.goto(f"{site}/offres/{reference}")
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("cartographie")
    sheet = visitor.get_by_role("link", name="Fiche de poste.pdf")
    download = visitor.request.get(f"{site}{sheet.get_attribute('href')}")
    assert download.body() == PDF  # the candidate gets the very file the recruiter sent
    visitor.context.close()

    page.goto(f"{site}/recruteur/offres")
    page.set_viewport_size(DESKTOP)
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row.locator("td").nth(1)).to_have_text("publiée")
    expect(row.locator("td").nth(5)).to_have_text("1")  # candidates alerted
    expect(row.locator("td").nth(6)).to_have_text("2")  # visits
    expect(row.get_by_role("link", name=reference)).to_have_attribute(
        "href", f"/recruteur/offres/{reference}/modifier"
    )
    expect(
        row.get_by_role("link", name="Stage – cartographie des monuments (F/H)")
    ).to_have_attribute("href", f"/offres/{reference}")
    _screenshot(page, artifacts / "recruiter-offers-1280.png")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)  # the rows are cards
    _screenshot(page, artifacts / "recruiter-offers-390.png")
    page.context.close()


def test_the_offer_form_keeps_what_was_typed_across_a_reload(
    own_site: str, own_site_data: Path, browser: Any
) -> None:
    admin = make_admin(own_site, own_site_data, "bruno.chef")
    page: Page = browser.new_context(locale="fr-FR", viewport=DESKTOP).new_page()
    page.goto(own_site + "/connexion?espace=recruteur")
    page.get_by_label("Identifiant ou adresse e-mail").fill(admin)
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/recruteur/offres")
    page.goto(own_site + "/recruteur/offres/nouvelle")
    page.get_by_label("Intitulé de l'offre").fill("Stage – médiation culturelle (F/H)")
    page.get_by_label("Niveau de diplôme préparé").click()
    page.get_by_role("option", name="Niveau 6 – (Bac+3 ou 4)").click()
    description = page.get_by_role("textbox", name="Description du poste")
    description.click()
    description.type("Accueil des publics scolaires.")
    _choose(page, "Commune", "Lyon", "Lyon (69)")
    page.get_by_label("Adresse e-mail du contact").click()  # the editor's change is sent on blur

    page.reload()  # as NiceGUI reloads a page the server forgot during a long drop
    expect(page.get_by_label("Intitulé de l'offre")).to_have_value(
        "Stage – médiation culturelle (F/H)"
    )
    expect(page.get_by_role("textbox", name="Description du poste")).to_have_text(
        "Accueil des publics scolaires."
    )
    expect(page.locator(".q-field__native").filter(has_text="Niveau 6")).to_have_count(1)
    expect(page.get_by_label("Commune")).to_have_value("Lyon (69)")
    # The server has them too: publishing now refuses only what was never given.
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_label("Service d'affectation")).to_have_attribute("aria-invalid", "true")
    for given in ("Intitulé de l'offre", "Commune"):
        expect(page.get_by_label(given, exact=True)).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Indiquez l'intitulé de l'offre.")).to_have_count(0)
    page.context.close()
