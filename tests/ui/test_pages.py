"""The pages as a candidate uses them, through NiceGUI's simulated user (no browser)."""

from __future__ import annotations

import asyncio
import gc
import weakref

from nicegui import ui
from nicegui.testing import User

from models.site_paths import search_path
from tests.waiting import wait_until
from ui.ascii_text import readable_html
from ui.facet_select import FacetSelect


async def test_home_shows_counts_form_and_latest_offers(demo_db: str, user: User) -> None:
    await user.open("/")
    await user.should_see("Je cherche un")
    await user.should_see("Apprentissage (24)")
    await user.should_see("Stage (53)")
    for label in (
        "Niveau de diplôme préparé",
        "Domaine d'activité",
        "Administration de rattachement",
        "Région",
        "Département",
        "Pays",
        "Lancer ma recherche",
        "Rechercher toutes les offres",
        "Réinitialiser ma recherche",
    ):
        await user.should_see(label)
    await user.should_see("Dernières offres publiées")
    await user.should_see("Apprenti Marketing et expérience client/usager (F/H)")
    await user.should_see("Voir les 77 offres")


async def test_ticking_a_type_updates_the_other_counts(demo_db: str, user: User) -> None:
    await user.open("/")
    user.find("Stage (53)").click()
    await user.should_see("Apprentissage (24)")  # disjunctive: its own facet is unchanged
    select = next(iter(user.find(kind=FacetSelect, content="Domaine d'activité").elements))

    def domain_total() -> int:
        options = select.options
        assert isinstance(options, dict)  # value → label, the count at the end of the label
        return sum(int(str(label).rsplit("(", 1)[1].rstrip(")")) for label in options.values())

    # The counts are refreshed by an asynchronous handler.
    await wait_until("the domains' counts of stages", lambda: domain_total() == 53)


async def test_results_from_the_url(demo_db: str, user: User) -> None:
    await user.open("/recherche?type=apprentissage&q=marketing")
    # The keyword is marked in the title.
    await user.should_see("Apprenti <mark>Marketing</mark> et expérience client/usager (F/H)")
    await user.should_see("correspond")
    await user.should_see("Flux Atom de cette recherche")


async def test_results_page_through(demo_db: str, user: User) -> None:
    await user.open("/recherche")
    await user.should_see("77 offres correspondent à votre recherche")
    await user.should_see("Page 1 sur 4")
    await user.open("/recherche?page=4")
    await user.should_see("Page 4 sur 4")
    await user.should_see("« Page précédente")
    await user.should_not_see("Page suivante »")


async def test_unknown_code_in_the_url_is_explained(demo_db: str, user: User) -> None:
    await user.open("/recherche?domaine=astrologie")
    await user.should_see(
        "Code inconnu pour « Domaine d'activité » : astrologie. Voici toutes les offres."
    )


async def test_launching_a_search_puts_it_in_the_url(demo_db: str, user: User) -> None:
    await user.open("/")
    user.find("Apprentissage (24)").click()
    user.find("Mots-clés").type("marketing")
    user.find("Lancer ma recherche").click()
    await user.should_see("1 offre correspond à votre recherche")


async def test_offer_page_shows_every_field(demo_db: str, user: User) -> None:
    await user.open("/offres/A-2021-0192")
    for text in (
        "Numéro d'offre :",
        "A-2021-0192",
        "Apprenti Marketing et expérience client/usager (F/H)",
        "Description de l'employeur",
        "Type de contrat :",
        "Apprentissage",
        "Description du poste",
        "Niveau de diplôme préparé :",
        "Niveau 6 – (Bac+3 ou 4)",
        "Domaine d'activité :",
        "Numérique, digital",
        "Service d'affectation :",
        "Ministère de l'Intérieur - Agence nationale de traitement automatisé des infractions",
        "Lieu d'affectation :",
        "PARIS 14e",
        "Localisation du poste :",
        "Paris, Île-de-France, FRANCE",
        "Descriptif du profil recherché",
        "Informations complémentaires",
        "Commentaires",
        "Début du contrat :",
        "Durée :",
        "12 mois",
        "Document attaché :",
        "Contact",
        "antai-recrutement@interieur.gouv.fr",
    ):
        await user.should_see(text)
    await user.should_not_see("Offre expirée")


async def test_unknown_offer(demo_db: str, user: User) -> None:
    # Said with its status, for caches, crawlers and link checkers.
    answer = await user.http_client.get("/offres/S-1999-0001")
    assert answer.status_code == 404
    assert "Offre introuvable" in answer.text
    assert "Aucune offre ne porte la référence « S-1999-0001 »." in answer.text


async def test_a_refused_choice_is_explained_in_the_form(demo_db: str, user: User) -> None:
    await user.open("/")
    departments = next(iter(user.find(kind=FacetSelect, content="Département").elements))
    departments.value = [f"{n:03}" for n in range(101)]  # more than a search may hold
    await user.should_see("« Département » : 100 valeurs au plus")
    departments.value = []
    await user.should_not_see("100 valeurs au plus")


async def test_the_countries_list_shows_france_first(demo_db: str, user: User) -> None:
    await user.open("/")
    select = next(iter(user.find(kind=FacetSelect, content="Pays").elements))
    options = list(select.options.items())
    abroad = sum(int(label.rsplit("(", 1)[1].rstrip(")")) for _, label in options[1:])
    assert options[0] == ("FR", f"France ({77 - abroad})")
    assert 0 < abroad < 77


async def test_a_misspelt_keyword_offers_the_search_with_the_closest_word(
    demo_db: str, user: User
) -> None:
    await user.open("/recherche?type=apprentissage&q=marketing+numerque&region=IDF&page=2")
    await user.should_see("Aucune offre ne correspond à votre recherche")
    await user.should_see("Vouliez-vous dire")
    [listing] = [e for e in user.find(kind=ui.html).elements if "Vouliez-vous" in e.content]
    # The same address, but for the keywords and the page number.
    assert (
        '«&nbsp;<a href="/recherche?type=apprentissage&amp;q=marketing+numerique&amp;region=IDF"'
        in readable_html(listing.content)
    )
    await user.open("/recherche?type=apprentissage&q=marketing+numerique&region=IDF")
    await user.should_see("1 offre correspond à votre recherche")
    await user.should_not_see("Vouliez-vous dire")


async def test_markup_in_the_keywords_is_shown_as_text(demo_db: str, user: User) -> None:
    await user.open("/recherche?q=%3Cmarketng%3E")
    await user.should_see("Vouliez-vous dire")
    [listing] = [e for e in user.find(kind=ui.html).elements if "Vouliez-vous" in e.content]
    assert "&lt;marketing&gt;</a>" in listing.content
    assert "<marketing>" not in listing.content


async def test_a_closed_results_page_lets_its_client_go(demo_db: str, user: User) -> None:
    """The page's kept fields (ui.connection_resilience) held their client, which a
    module-level map then kept for ever: every results page stayed in memory once closed."""
    await user.open(search_path([("type", "stage")]))
    await user.should_see("Stage")
    client = user.client
    assert client is not None and getattr(client, "_pass_input_draft", None) is not None
    gone = weakref.ref(client)
    client.delete()
    user.client = client = None
    await asyncio.sleep(0.1)  # the page's tasks, cancelled, finish
    gc.collect()
    assert gone() is None


async def test_a_results_page_keeps_its_texts_in_ascii_and_shows_them_whole(
    demo_db: str, user: User
) -> None:
    """The list of offers is kept in ASCII on the server (ui.ascii_text): one en dash made
    the whole string 2 bytes a character, plus a UTF-8 copy once sent."""
    await user.open(search_path([("type", "stage")]))
    await user.should_see("Niveau 4 – (Bac)")  # as the browser shows it
    [listing] = user.find(kind=ui.html, content='aria-label="Offres"').elements
    assert listing.content.isascii()
    assert "Niveau 4 &#8211; (Bac)" in listing.content


async def test_a_visitors_results_page_is_made_of_few_elements(demo_db: str, user: User) -> None:
    """Every element of an open page is kept in the server's memory while it is open (~4 KB
    each): issue 11's budget is 0.3 MB a page. The frame, the form, the bar above the list and
    the list: 43 elements, nothing made for what most visitors never do (a search saved, new
    offers arrived: see ui.late_elements)."""
    await user.open(search_path([("type", "stage")]))
    await user.should_see("53 offres correspondent à votre recherche")
    assert user.client is not None
    assert len(user.client.elements) <= 43
