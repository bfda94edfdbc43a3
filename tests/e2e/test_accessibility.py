"""axe-core's WCAG 2.x A/AA rules on every page of the site, signed out and signed in, at a
desktop and a phone width: no violation of impact « serious » or « critical ».

Each page is checked at rest and, for the forms, with their errors shown. Every result, minor
and moderate ones included, is written to test-artifacts/axe-<state>-<width>.json, and a table
of counts to test-artifacts/axe-summary.txt (printed at the end of the run). The pages swept are
checked against the site's declared page routes: a new page left out of the sweep fails.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from models import site_paths
from tests.accounts.helpers import PASSWORD
from tests.documents.samples import SAMPLES
from tests.e2e.registration import submit_registration
from tests.e2e.staff import STAFF_PASSWORD, link_in, make_admin, on_site
from tests.e2e.test_account import _mail_to
from tests.services import REQUIRE
from tests.waiting import settled

# axe.min.js of npm `axe-core` (CI fetches it with `npm pack axe-core`).
AXE = Path(os.environ.get("PASS_TEST_AXE", "axe.min.js"))
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
WIDTHS: dict[str, ViewportSize] = {
    "1280": {"width": 1280, "height": 800},
    "390": {"width": 390, "height": 844},
}
USERNAME = "sacha.axe"
EMAIL = "sacha.axe@exemple.fr"
SUMMARY = "axe-summary.txt"
# Parts of the page other work owns (header, footer, search form, filters): a violation inside
# them is reported apart, so that it reaches the right place, but fails the test all the same.
SHARED_PARTS = ("header", "footer", "search form")


@dataclass(frozen=True)
class Stop:
    """One page, or one state of a page, to check: the route it belongs to, a name for the
    report, and what brings the browser there."""

    route: str
    name: str
    reach: Callable[[Page, str], None]


def _open(path: str) -> Callable[[Page, str], None]:
    def reach(page: Page, site: str) -> None:
        page.goto(site + path)

    return reach


def _wait_for_page(page: Page) -> None:
    """The page drawn: its level-1 heading on screen and nothing moving any more."""
    expect(page.locator('[role="heading"][aria-level="1"], h1').first).to_be_visible()
    settled(page)


# --- the pages, signed out -----------------------------------------------------------------


# The manual's example offer, where the swept account records an application.
EXAMPLE_OFFER = "A-2021-0192"


def _first_offer_path(page: Page, site: str) -> str:
    page.goto(site + site_paths.SEARCH)
    link = page.locator('a[href^="/offres/"]').first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href is not None
    return href


def _offer(page: Page, site: str) -> None:
    page.goto(site + _first_offer_path(page, site))


def _expired_reference(site_data: Path) -> str:
    """An offer whose end date has passed (the demo data has three): reachable only by its
    address, as from an old bookmark."""
    with sqlite3.connect(site_data / "pass.sqlite3") as db:
        row = db.execute(
            "SELECT reference FROM offer WHERE expires_on < ? ORDER BY reference LIMIT 1",
            (date.today().isoformat(),),
        ).fetchone()
    assert row is not None, "the demo data has no expired offer"
    return str(row[0])


def _sign_in_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.SIGN_IN)
    page.get_by_label("Identifiant ou adresse e-mail").fill("personne")
    page.get_by_label("Mot de passe", exact=True).fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"\w"))).not_to_have_count(0)


def _register_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.REGISTER)
    page.get_by_label("Adresse e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("champs sont à corriger", exact=False)).to_be_visible()


def _recovery_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.FORGOTTEN_PASSWORD)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"\w"))).not_to_have_count(0)


def _filters_open(page: Page, site: str) -> None:
    """Results with the filters' dialog open, on a phone (on a wide screen the filters are on
    the page, and so already checked)."""
    page.goto(site + site_paths.search_path([("type", "stage"), ("region", "IDF")]))
    expect(page.locator("h1").first).to_be_visible()
    opener = page.get_by_role("button", name="Filtres (2)")
    if opener.is_visible():
        opener.click()
        expect(page.get_by_role("dialog", name="Filtres")).to_be_visible()


def _menu_open(page: Page, site: str) -> None:
    """The header's menu, opened (a phone's; a wide screen shows its links inline)."""
    page.goto(site + site_paths.HOME)
    expect(page.locator("h1").first).to_be_visible()
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")


def public_stops(expired: str) -> list[Stop]:
    """The pages anyone reaches, in both states."""
    return [
        Stop(site_paths.HOME, "accueil", _open(site_paths.HOME)),
        Stop(site_paths.SEARCH, "résultats", _open(site_paths.SEARCH)),
        Stop(
            site_paths.SEARCH,
            "résultats avec critères",
            _open(site_paths.search_path([("type", "stage"), ("q", "communication")])),
        ),
        Stop(
            site_paths.SEARCH,
            "résultats vides",
            _open(site_paths.search_path([("q", "zzzyxwv introuvable")])),
        ),
        Stop(site_paths.OFFER_PAGE, "offre", _offer),
        Stop(site_paths.SEARCH, "filtres ouverts", _filters_open),
        Stop(site_paths.HOME, "menu ouvert", _menu_open),
        Stop(site_paths.OFFER_PAGE, "offre expirée", _open(site_paths.offer_path(expired))),
        Stop(site_paths.OFFER_PAGE, "offre introuvable", _open(site_paths.offer_path("X-0"))),
        Stop(site_paths.ACCESSIBILITY, "accessibilité", _open(site_paths.ACCESSIBILITY)),
        Stop(site_paths.LEGAL_NOTICE, "mentions légales", _open(site_paths.LEGAL_NOTICE)),
        Stop(site_paths.PERSONAL_DATA, "données personnelles", _open(site_paths.PERSONAL_DATA)),
        Stop(site_paths.SITE_PLAN, "plan du site", _open(site_paths.SITE_PLAN)),
        Stop(site_paths.OPEN_DATA, "données ouvertes", _open(site_paths.OPEN_DATA)),
        Stop(
            site_paths.CONFIRM_EMAIL,
            "confirmation d'adresse",
            _open(site_paths.CONFIRM_EMAIL + "?jeton=perime"),
        ),
        Stop(
            site_paths.RESET_PASSWORD,
            "nouveau mot de passe (lien périmé)",
            _open(site_paths.RESET_PASSWORD + "?jeton=perime"),
        ),
        Stop(site_paths.DELETED_ACCOUNT, "compte supprimé", _open(site_paths.DELETED_ACCOUNT)),
        Stop("404", "page inexistante", _open("/cette-page-n-existe-pas")),
    ]


def signed_out_stops(expired: str) -> list[Stop]:
    return [
        *public_stops(expired),
        Stop(site_paths.SIGN_IN, "connexion", _open(site_paths.SIGN_IN)),
        Stop(site_paths.SIGN_IN, "connexion refusée", _sign_in_refused),
        Stop(site_paths.REGISTER, "inscription", _open(site_paths.REGISTER)),
        Stop(site_paths.REGISTER, "inscription refusée", _register_refused),
        Stop(
            site_paths.FORGOTTEN_PASSWORD,
            "mot de passe oublié",
            _open(site_paths.FORGOTTEN_PASSWORD),
        ),
        Stop(site_paths.FORGOTTEN_PASSWORD, "mot de passe oublié refusé", _recovery_refused),
        Stop(site_paths.SIGN_IN, "connexion recruteur", _open(site_paths.RECRUITER_SIGN_IN)),
        Stop(
            site_paths.ACCEPT_INVITATION,
            "invitation (lien périmé)",
            _open(site_paths.ACCEPT_INVITATION + "?jeton=perime"),
        ),
        Stop(
            site_paths.RECRUITER_OFFERS,
            "mes offres (déconnecté)",
            _open(site_paths.RECRUITER_OFFERS),
        ),
        Stop(
            site_paths.STAFF_INVITATIONS,
            "inviter (déconnecté)",
            _open(site_paths.STAFF_INVITATIONS),
        ),
        # Signed out, the account's pages lead to the sign-in page.
        Stop(site_paths.ACCOUNT_HOME, "mon compte (déconnecté)", _open(site_paths.ACCOUNT_HOME)),
        Stop(site_paths.WELCOME, "bienvenue (déconnecté)", _open(site_paths.WELCOME)),
        Stop(site_paths.ACCOUNT_EDIT, "modifier (déconnecté)", _open(site_paths.ACCOUNT_EDIT)),
        Stop(
            site_paths.SAVED_SEARCHES,
            "mes recherches (déconnecté)",
            _open(site_paths.SAVED_SEARCHES),
        ),
        Stop(
            site_paths.APPLICATIONS,
            "mes candidatures (déconnecté)",
            _open(site_paths.APPLICATIONS),
        ),
        Stop(
            site_paths.SAVED_OFFERS,
            "offres sauvegardées (déconnecté)",
            _open(site_paths.SAVED_OFFERS),
        ),
    ]


# --- the pages, signed in ------------------------------------------------------------------


def _form(page: Page, name: str) -> Any:
    return page.get_by_role("form", name=name, exact=True)


def _profile_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.ACCOUNT_EDIT)
    form = _form(page, "Mes informations")
    form.get_by_label("Nom", exact=True).fill("")
    form.get_by_label("Téléphone (facultatif)").fill("pas un numéro")
    form.get_by_role("button", name="Enregistrer mes informations").click()
    expect(form.get_by_text("champs sont à corriger", exact=False)).to_be_visible()


def _password_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.ACCOUNT_EDIT)
    form = _form(page, "Mon mot de passe")
    form.get_by_label("Mot de passe actuel").fill("pas le bon")
    form.get_by_label("Nouveau mot de passe", exact=True).fill("court")
    form.get_by_label("Confirmation du nouveau mot de passe").fill("autre")
    form.get_by_role("button", name="Changer mon mot de passe").click()
    expect(form.get_by_role("alert").filter(has_text=re.compile(r"\w"))).not_to_have_count(0)


def _deletion_asked(page: Page, site: str) -> None:
    """The dialog that asks to confirm the deletion (cancelled afterwards by the next stop)."""
    page.goto(site + site_paths.ACCOUNT_EDIT)
    form = _form(page, "Supprimer mon compte")
    form.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    form.get_by_role("button", name="Supprimer mon compte").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()


def _deletion_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.ACCOUNT_EDIT)
    form = _form(page, "Supprimer mon compte")
    form.get_by_role("button", name="Supprimer mon compte").click()
    expect(form.get_by_text("Indiquez votre mot de passe")).to_be_visible()


def _document_removal_asked(page: Page, site: str) -> None:
    page.goto(site + site_paths.ACCOUNT_EDIT)
    documents = page.get_by_role("region", name="Mes documents", exact=True)
    documents.get_by_role("button", name=re.compile(r"^Supprimer ")).first.click()
    expect(page.get_by_role("alertdialog")).to_be_visible()


def _application_form(page: Page, site: str) -> None:
    """« J'ai écrit au recruteur » opened (and left unsaved) on an offer the account has not
    recorded; the account's record (see `account`) is on the example offer."""
    page.goto(site + site_paths.SEARCH)
    links = page.locator('a[href^="/offres/"]')
    expect(links.first).to_be_visible()
    hrefs = [str(link.get_attribute("href")) for link in links.all()]
    page.goto(site + next(h for h in hrefs if not h.endswith(EXAMPLE_OFFER)))
    page.get_by_role("button", name="J'ai écrit au recruteur").click()
    expect(page.get_by_role("dialog", name="Noter ma candidature")).to_be_visible()


def signed_in_stops(expired: str) -> list[Stop]:
    return [
        *public_stops(expired),
        Stop(site_paths.ACCOUNT_HOME, "mon compte", _open(site_paths.ACCOUNT_HOME)),
        Stop(site_paths.WELCOME, "bienvenue", _open(site_paths.WELCOME)),
        Stop(site_paths.ACCOUNT_EDIT, "modifier", _open(site_paths.ACCOUNT_EDIT)),
        Stop(site_paths.ACCOUNT_EDIT, "modifier : profil refusé", _profile_refused),
        Stop(site_paths.ACCOUNT_EDIT, "modifier : mot de passe refusé", _password_refused),
        Stop(site_paths.ACCOUNT_EDIT, "modifier : sans mot de passe", _deletion_refused),
        Stop(site_paths.ACCOUNT_EDIT, "modifier : confirmer la suppression", _deletion_asked),
        Stop(site_paths.ACCOUNT_EDIT, "modifier : retirer un document", _document_removal_asked),
        Stop(site_paths.SAVED_SEARCHES, "mes recherches", _open(site_paths.SAVED_SEARCHES)),
        Stop(site_paths.APPLICATIONS, "mes candidatures", _open(site_paths.APPLICATIONS)),
        Stop(site_paths.OFFER_PAGE, "offre : noter ma candidature", _application_form),
        Stop(site_paths.SAVED_OFFERS, "offres sauvegardées", _open(site_paths.SAVED_OFFERS)),
        # A candidate is refused the recruiters' pages.
        Stop(
            site_paths.RECRUITER_OFFERS,
            "mes offres (candidat)",
            _open(site_paths.RECRUITER_OFFERS),
        ),
        Stop(
            site_paths.STAFF_INVITATIONS,
            "inviter (candidat)",
            _open(site_paths.STAFF_INVITATIONS),
        ),
        Stop(
            site_paths.RECRUITER_NEW_OFFER,
            "déposer une offre (candidat)",
            _open(site_paths.RECRUITER_NEW_OFFER),
        ),
        # Signed in, these lead to « Mon compte ».
        Stop(site_paths.SIGN_IN, "connexion (connecté)", _open(site_paths.SIGN_IN)),
        Stop(site_paths.REGISTER, "inscription (connecté)", _open(site_paths.REGISTER)),
        Stop(
            site_paths.FORGOTTEN_PASSWORD,
            "mot de passe oublié (connecté)",
            _open(site_paths.FORGOTTEN_PASSWORD),
        ),
    ]


# --- the recruiters' pages, signed in as an admin ----------------------------------------

_invited = itertools.count(1)


def _invite(page: Page, site: str) -> str:
    """Sends an invitation from the admins' page; the address invited."""
    address = f"axe.invite{next(_invited)}@exemple.gouv.fr"
    page.goto(site + site_paths.STAFF_INVITATIONS)
    page.get_by_label("Adresse e-mail de la personne invitée").fill(address)
    page.get_by_label("Administration").fill("Culture")
    page.get_by_role("option", name="Ministère de la Culture").click()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text(f"Invitation envoyée à {address}.")).to_be_visible()
    return address


def _invitation_sent(page: Page, site: str) -> None:
    _invite(page, site)


def _invitation_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.STAFF_INVITATIONS)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("champs sont à corriger", exact=False)).to_be_visible()


def _invitation_link(outbox: Path) -> Callable[[Page, str], None]:
    def reach(page: Page, site: str) -> None:
        mail = _mail_to(outbox, _invite(page, site), 40, subject_part="Invitation")
        page.goto(on_site(site, link_in(mail.get_body(("plain",)).get_content())))  # type: ignore[union-attr]

    return reach


def _invitation_link_refused(outbox: Path) -> Callable[[Page, str], None]:
    def reach(page: Page, site: str) -> None:
        _invitation_link(outbox)(page, site)
        page.get_by_role("button", name="Créer mon compte").click()
        expect(page.get_by_text("champs sont à corriger", exact=False)).to_be_visible()

    return reach


def _live_reference(page: Page, site: str) -> str:
    return _first_offer_path(page, site).rsplit("/", 1)[1]


def _edit_offer(page: Page, site: str) -> None:
    page.goto(site + site_paths.edit_offer_path(_live_reference(page, site)))


def _offer_form_refused(page: Page, site: str) -> None:
    page.goto(site + site_paths.RECRUITER_NEW_OFFER)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("champs sont à corriger", exact=False)).to_be_visible()


def _offer_preview(page: Page, site: str) -> None:
    """A copy of a live offer (« Dupliquer »: the form filled), previewed before saving."""
    page.goto(site + site_paths.new_offer_path(_live_reference(page, site)))
    page.get_by_role("button", name="Aperçu").click()
    expect(page.get_by_text("Aperçu : l'offre telle que", exact=False)).to_be_visible()


def admin_stops(outbox: Path) -> list[Stop]:
    return [
        Stop(site_paths.HOME, "menu ouvert (administrateur)", _menu_open),
        Stop(site_paths.RECRUITER_OFFERS, "mes offres", _open(site_paths.RECRUITER_OFFERS)),
        Stop(
            site_paths.RECRUITER_OFFERS,
            "mes offres d'une administration",
            _open(site_paths.RECRUITER_OFFERS + "?administration=culture&page=2"),
        ),
        Stop(
            site_paths.RECRUITER_NEW_OFFER,
            "déposer une offre",
            _open(site_paths.RECRUITER_NEW_OFFER),
        ),
        Stop(site_paths.RECRUITER_NEW_OFFER, "déposer une offre : refusée", _offer_form_refused),
        Stop(site_paths.RECRUITER_NEW_OFFER, "déposer une offre : aperçu", _offer_preview),
        Stop(site_paths.RECRUITER_EDIT_OFFER, "modifier une offre", _edit_offer),
        Stop(site_paths.STAFF_INVITATIONS, "inviter", _open(site_paths.STAFF_INVITATIONS)),
        Stop(site_paths.STAFF_INVITATIONS, "inviter : refusé", _invitation_refused),
        Stop(site_paths.STAFF_INVITATIONS, "inviter : envoyé", _invitation_sent),
        Stop(site_paths.ACCEPT_INVITATION, "invitation", _invitation_link(outbox)),
        Stop(site_paths.ACCEPT_INVITATION, "invitation refusée", _invitation_link_refused(outbox)),
    ]


# --- running axe ---------------------------------------------------------------------------


def _where(node: dict[str, Any], page: Page) -> str:
    """Which part of the page a failing node is in, for the report."""
    selector = " ".join(map(str, node["target"]))
    part: str = page.evaluate(
        """(selector) => {
            const element = document.querySelector(selector);
            if (!element) return "page";
            if (element.closest("header, [role=banner]")) return "header";
            if (element.closest("footer, [role=contentinfo]")) return "footer";
            if (element.closest("[role=search], .pass-search-form")) return "search form";
            return "page";
        }""",
        selector,
    )
    return part


def _heading_outline(page: Page) -> list[list[Any]]:
    """[level, text] of every heading a screen reader lists, in the page's order."""
    outline: list[list[Any]] = page.evaluate(
        """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
            .filter(h => h.checkVisibility() && !h.closest('[aria-hidden=true]'))
            .map(h => [Number(h.getAttribute('aria-level') || h.tagName.slice(1)),
                       h.textContent.trim().slice(0, 60)])"""
    )
    return outline


def heading_faults(outline: list[list[Any]]) -> list[str]:
    """Headings out of order: not one level-1 heading first, or a level skipped going down."""
    faults = []
    levels = [level for level, _ in outline]
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        faults.append(f"one level-1 heading first expected, got {levels}")
    for (before, _), (level, text) in itertools.pairwise(outline):
        if level > before + 1:
            faults.append(f"h{before} → h{level} « {text} »")
    return faults


def audit(page: Page, stop: Stop) -> dict[str, Any]:
    """axe's verdict on the page as it is now, each failing node placed in the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: tags})", RULES)
    violations = []
    for violation in result["violations"]:
        nodes = [
            {
                "target": " ".join(map(str, node["target"])),
                "html": node["html"][:300],
                "part": _where(node, page),
                "summary": node.get("failureSummary", ""),
            }
            for node in violation["nodes"]
        ]
        violations.append(
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": nodes,
            }
        )
    return {
        "headings": _heading_outline(page),
        "route": stop.route,
        "page": stop.name,
        "url": page.url,
        "violations": violations,
        "incomplete": sorted({item["id"] for item in result["incomplete"]}),
        "passes": len(result["passes"]),
    }


def sweep(page: Page, site: str, stops: list[Stop]) -> list[dict[str, Any]]:
    results = []
    for stop in stops:
        stop.reach(page, site)
        _wait_for_page(page)
        results.append(audit(page, stop))
    return results


def blocking(results: list[dict[str, Any]]) -> list[str]:
    """« page: rule (impact) × n in part: target », one line per serious or critical finding."""
    lines = []
    for result in results:
        faults = heading_faults(result["headings"])
        lines += [f"{result['page']}: headings: {fault}" for fault in faults]
        for violation in result["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            for node in violation["nodes"]:
                shared = " [shared part]" if node["part"] in SHARED_PARTS else ""
                lines.append(
                    f"{result['page']}: {violation['id']} ({violation['impact']}) in "
                    f"{node['part']}{shared}: {node['target']}"
                )
    return lines


def _count(results: list[dict[str, Any]], impacts: set[str]) -> int:
    return sum(len(v["nodes"]) for r in results for v in r["violations"] if v["impact"] in impacts)


def summary_lines(label: str, results: list[dict[str, Any]]) -> list[str]:
    lines = [f"{label}: {len(results)} pages"]
    for result in results:
        counts = {
            impact: _count([result], {impact})
            for impact in ("critical", "serious", "moderate", "minor")
        }
        rules = ", ".join(sorted({v["id"] for v in result["violations"]})) or "-"
        lines.append(
            f"  {result['page']:<42} crit {counts['critical']:>2}  ser {counts['serious']:>2}  "
            f"mod {counts['moderate']:>2}  min {counts['minor']:>2}  {rules}"
        )
    return lines


# --- the tests -----------------------------------------------------------------------------


def _page_routes() -> set[str]:
    """Every page the site declares (importing the pages registers them with NiceGUI); not
    the pages other tests of the same run declare for themselves (a failing page…)."""
    from nicegui import Client

    import ui.pages  # noqa: F401

    return {
        path
        for page, path in Client.page_routes.items()
        if getattr(page, "__module__", "").startswith("ui.")
    }


def test_every_page_route_is_swept() -> None:
    every = signed_out_stops("X") + signed_in_stops("X") + admin_stops(Path("."))
    swept = {stop.route for stop in every}
    routes = _page_routes()
    assert routes, "no page route found"
    assert routes - swept == set(), "pages the accessibility sweep leaves out"
    assert swept - routes - {"404"} == set(), "swept routes the site does not declare"


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        message = f"axe-core not found at {AXE} (set PASS_TEST_AXE)"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.fixture(scope="module", autouse=True)
def fresh_summary(artifacts: Path) -> None:
    (artifacts / SUMMARY).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def account(site: str, browser: Browser, axe_script: Path) -> Iterator[None]:
    """One candidate for the signed-in sweep, with a CV uploaded and a search saved."""
    context = browser.new_context(locale="fr-FR", viewport=WIDTHS["1280"])
    page = context.new_page()
    page.goto(site + site_paths.REGISTER)
    submit_registration(
        page, civility="Madame", last_name="Axe", first_name="Sacha", email=EMAIL, username=USERNAME
    )
    cv = page.get_by_role("group", name="CV", exact=True)
    name, data, mime = "CV Sacha Axe.pdf", SAMPLES["pdf"], "application/pdf"
    cv.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    expect(cv.get_by_role("link", name=f"Télécharger {name}")).to_be_visible()
    page.goto(site + site_paths.search_path([("type", "stage"), ("q", "data")]))
    page.get_by_role("button", name="Sauvegarder ma recherche").click()
    dialog = page.get_by_role("dialog", name="Sauvegarder ma recherche")
    dialog.get_by_role("button", name="Sauvegarder", exact=True).click()
    expect(page.get_by_text("Recherche sauvegardée", exact=False)).to_be_visible()
    # An application recorded, so that « Mes candidatures » has a card.
    page.goto(site + site_paths.offer_path(EXAMPLE_OFFER))
    page.get_by_role("button", name="J'ai écrit au recruteur").click()
    dialog = page.get_by_role("dialog", name="Noter ma candidature")
    dialog.get_by_role("checkbox", name=f"CV : {name}").click()
    dialog.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vous avez écrit le", exact=False)).to_be_visible()
    context.close()
    yield


@pytest.fixture(scope="module")
def admin(site: str, site_data: Path) -> str:
    """An admin for the recruiters' pages, made by the operator's command."""
    return make_admin(site, site_data, "axe.admin")


def _sign_in_admin(page: Page, site: str, username: str) -> None:
    page.goto(site + site_paths.RECRUITER_SIGN_IN)
    page.get_by_label("Identifiant ou adresse e-mail").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/recruteur/offres$"))


def _sign_in(page: Page, site: str) -> None:
    page.goto(site + site_paths.SIGN_IN)
    page.get_by_label("Identifiant ou adresse e-mail").fill(USERNAME)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/mon-compte$"))


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("state", ["deconnecte", "connecte", "administrateur"])
def test_every_page_passes_axe(
    site: str,
    site_data: Path,
    browser: Browser,
    artifacts: Path,
    axe_script: Path,
    account: None,
    admin: str,
    state: str,
    width: str,
) -> None:
    expired = _expired_reference(site_data)
    context = browser.new_context(locale="fr-FR", viewport=WIDTHS[width])
    page = context.new_page()
    if state == "connecte":
        _sign_in(page, site)
        stops = signed_in_stops(expired)
    elif state == "administrateur":
        _sign_in_admin(page, site, admin)
        stops = admin_stops(site_data / "outbox")
    else:
        stops = signed_out_stops(expired)
    results = sweep(page, site, stops)
    context.close()

    label = f"{state} {width}"
    (artifacts / f"axe-{state}-{width}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
    with (artifacts / SUMMARY).open("a") as summary:
        summary.write("\n".join(summary_lines(label, results)) + "\n")
    found = blocking(results)
    assert found == [], f"{label}: serious or critical violations:\n" + "\n".join(found)
