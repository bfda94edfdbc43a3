"""The pages every State site has, reached from every page's footer, the sign-up notice, and
the offer page's actions: « Écrire au recruteur », the way back, headings in order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from nicegui import ui
from nicegui.testing import User

from models.site_identity import SiteIdentity, configure_site, site_identity
from ui.ascii_text import readable_html

FOOTER_PAGES = {
    "/plan-du-site": "Plan du site",
    "/accessibilite": "Déclaration d'accessibilité",
    "/mentions-legales": "Mentions légales",
    "/donnees-personnelles": "Données personnelles et cookies",
    "/donnees": "Données ouvertes",
}


@pytest.fixture
def _identity() -> Iterator[None]:
    previous = site_identity()
    configure_site(SiteIdentity(hosting="Hébergeur Exemple, 1 rue de la Paix, 75002 Paris"))
    yield
    configure_site(previous)


def _footer_links(user: User) -> dict[str, str]:
    [footer] = [e for e in user.find(kind=ui.html).elements if "Pied de page" in e.content]
    return {
        href: text for href, text in re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', footer.content)
    }


def _html(user: User) -> str:
    return readable_html("".join(e.content for e in user.find(kind=ui.html).elements))


async def test_every_page_links_the_state_site_pages_from_its_footer(
    demo_db: str, user: User
) -> None:
    for page in ("/", "/recherche", "/offres/A-2021-0192", "/connexion"):
        await user.open(page)
        links = _footer_links(user)
        assert set(FOOTER_PAGES) <= set(links), (page, links)
        assert links["/accessibilite"] == "Accessibilité : non conforme"
    for path, title in FOOTER_PAGES.items():
        await user.open(path)
        assert f">{title}</h1>" in _html(user), path


async def test_the_accessibility_statement_is_honest(demo_db: str, user: User) -> None:
    await user.open("/accessibilite")
    text = _html(user)
    assert "<strong>non conforme</strong>" in text
    assert "aucun audit de conformité n'a encore été réalisé" in text
    assert "seules les pages d'offre et les pages d'information sont lisibles" in text
    assert "Défenseur des droits" in text
    # What was measured, and that it is not an audit.
    assert "axe-core (version 4.14)" in text
    assert "1 280 × 800 pixels" in text and "390 × 844 pixels" in text
    assert "Ce résultat ne vaut pas conformité" in text
    # Problems the end-to-end tests check are no longer listed.
    for fixed in ("dépôt de fichier", "lien d'évitement", "en-tête fixe", "« Supprimer »"):
        assert fixed not in text, fixed


async def test_the_legal_notice_names_the_configured_host_and_invents_nothing(
    demo_db: str, user: User, _identity: None
) -> None:
    await user.open("/mentions-legales")
    text = _html(user)
    assert "Hébergeur Exemple, 1 rue de la Paix, 75002 Paris" in text
    # What the operator has not configured is said to be missing.
    assert "à renseigner par l'exploitant du site (variable PASS_PUBLISHER)" in text


async def test_personal_data_gives_the_durations_the_code_applies(demo_db: str, user: User) -> None:
    await user.open("/donnees-personnelles")
    text = _html(user)
    assert "Une session de connexion dure 30 jours" in text  # AccountConfig.session_lifetime
    assert "valable 1 jour, un lien de nouveau mot de passe 1 heure" in text
    assert 'href="/mon-compte/modifier"' in text  # where the account is deleted
    assert "pas purgé automatiquement" in text


async def test_the_sign_up_form_tells_what_is_kept(demo_db: str, user: User) -> None:
    await user.open("/inscription")
    text = _html(user)
    assert "effacés avec votre compte" in text
    assert 'href="/donnees-personnelles"' in text


async def test_the_offer_page_offers_to_write_to_the_recruiter(demo_db: str, user: User) -> None:
    await user.open("/offres/A-2021-0192")
    await user.should_see("Écrire au recruteur")
    [button] = user.find(kind=ui.link, content="Écrire au recruteur").elements
    href = urlsplit(button.props["href"])
    assert href.scheme == "mailto"
    assert unquote(href.path) == "antai-recrutement@interieur.gouv.fr"
    query = parse_qs(href.query)
    assert query["subject"] == [
        "Candidature – A-2021-0192 – Apprenti Marketing et expérience client/usager (F/H)"
    ]
    [body] = query["body"]
    assert body.startswith("Madame, Monsieur,\n\nJe vous adresse ma candidature à l'offre « ")
    assert "(référence A-2021-0192)" in body and "salutations distinguées" in body
    assert set(query) == {"subject", "body"}
    # Opened without coming from a search: the way back is the search page.
    [back] = user.find(kind=ui.link, content="Rechercher d'autres offres").elements
    assert back.props["href"] == "/recherche"


async def test_the_offer_page_headings_never_skip_a_level(demo_db: str, user: User) -> None:
    await user.open("/offres/A-2021-0192")
    await user.should_see("Informations pratiques")
    assert user.client is not None
    levels = [
        int(element.props["aria-level"])
        for element in user.client.elements.values()
        if element.props.get("role") == "heading"
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
