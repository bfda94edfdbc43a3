"""Saving a search from the results and managing it in « Mes recherches », through NiceGUI's
simulated user."""

from __future__ import annotations

import asyncio
from typing import Any

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from models.accounts.tables import Account
from models.reference.labels import vocabulary
from models.saved_searches.saved import (
    MAX_SAVED_SEARCHES,
    criteria_of,
    save_search,
    saved_searches_of,
)
from models.saved_searches.tables import SavedSearch
from models.search.criteria import SearchCriteria
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.waiting import wait_until

SAVED = "Recherche sauvegardée : retrouvez-la dans Mes recherches."
ALERT_ON = "Alerte activée : vous recevrez un e-mail pour chaque nouvelle offre correspondante."
ALERT_OFF = "Alerte désactivée."
NAME = "Nom de la recherche"


def shown(element: ui.element) -> bool:
    """False inside a closed dialog, which the simulated user would otherwise see."""
    return not any(isinstance(a, ui.dialog) and not a.value for a in element.ancestors())


def field(user: User, label: str) -> UserInteraction[ui.input]:
    """The one visible input whose label is exactly `label`."""
    found = {
        e
        for e in user.find(kind=ui.input, content=label).elements
        if e.props.get("label") == label and shown(e)
    }
    assert len(found) == 1, f"{len(found)} inputs labelled « {label} »"
    return UserInteraction(user, found, label)


def button(user: User, text: str) -> UserInteraction[ui.button]:
    """The one visible button whose text is exactly `text`."""
    found = {
        e for e in user.find(kind=ui.button, content=text).elements if e.text == text and shown(e)
    }
    assert len(found) == 1, f"{len(found)} buttons « {text} »"
    return UserInteraction(user, found, text)


def icon_button(user: User, label: str) -> UserInteraction[ui.button]:
    """The one visible button a screen reader announces as `label` (an icon, no text)."""
    found = {e for e in user.find(kind=ui.button).elements if e.props.get("aria-label") == label}
    assert len(found) == 1, f"{len(found)} buttons labelled « {label} »"
    return UserInteraction(user, found, label)


def titles(user: User) -> list[str]:
    """The saved searches' names, in the order of the page."""
    headings = [
        e
        for e in user.find(kind=ui.label).elements
        if e.props.get("aria-level") == "2" and "pass-brand" in e.classes
    ]
    return [e.text for e in sorted(headings, key=lambda e: e.id)]


def open_dialogs(user: User) -> list[ui.dialog]:
    with user:
        return [
            d for d in user.current_layout.descendants() if isinstance(d, ui.dialog) and d.value
        ]


async def dialog_open(user: User, expected: bool = True) -> None:
    """Waits for a dialog to open (or close): click handlers run on the server in a task."""
    await wait_until(
        "a dialog to open" if expected else "the dialog to close",
        lambda: bool(open_dialogs(user)) == expected,
    )


async def sign_in_as(user: User, login: str = "zoe.durand") -> None:
    await user.open("/connexion")
    field(user, "Identifiant ou adresse e-mail").type(login)
    field(user, "Mot de passe").type(PASSWORD)
    button(user, "Se connecter").click()
    await user.should_see("Mes informations personnelles")


async def stage_data() -> SearchCriteria:
    return SearchCriteria.build(types=["stage"], keywords="data", vocabulary=await vocabulary())


async def saved(candidate: Account, name: str, **criteria: Any) -> SavedSearch:
    built = SearchCriteria.build(vocabulary=await vocabulary(), **criteria)
    return await save_search(candidate, name, built)


async def test_anonymous_visitor_signs_in_then_the_search_is_saved_on_return(
    db: str, user: User
) -> None:
    candidate = await new_candidate()
    await user.open("/recherche?type=stage&q=data")
    await user.should_see("La sauvegarde demande un compte candidat")
    button(user, "Sauvegarder ma recherche").click()

    await user.should_see("Identifiant ou adresse e-mail")
    assert (
        user.back_history[-1]
        == "/connexion?suite=/recherche%3Ftype%3Dstage%26q%3Ddata%26sauvegarder%3D1"
    )
    assert not open_dialogs(user)
    field(user, "Identifiant ou adresse e-mail").type("zoe.durand")
    field(user, "Mot de passe").type(PASSWORD)
    button(user, "Se connecter").click()

    # Back on the same results, the search saved without a second click.
    await user.should_see(SAVED)
    assert user.back_history[-1] == "/recherche?type=stage&q=data&sauvegarder=1"
    await user.should_not_see("La sauvegarde demande un compte candidat")
    assert not open_dialogs(user)
    (search,) = await saved_searches_of(candidate)
    assert search.name == "data"
    assert await criteria_of(search) == await stage_data()


async def test_the_return_address_saves_only_for_a_signed_in_candidate(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/recherche?type=stage&q=data&sauvegarder=1")  # a link shared as it was
    await user.should_see("La sauvegarde demande un compte candidat")
    await user.should_not_see(SAVED)
    assert not await SavedSearch.all().exists()


async def test_a_refusal_on_return_opens_the_dialog_with_it(db: str, user: User) -> None:
    candidate = await new_candidate()
    for number in range(MAX_SAVED_SEARCHES):
        await saved(candidate, f"Recherche {number}", keywords=f"mot{number}")
    await sign_in_as(user)
    await user.open("/recherche?type=stage&q=data&sauvegarder=1")
    await dialog_open(user)
    await user.should_see(f"Vous avez déjà {MAX_SAVED_SEARCHES} recherches sauvegardées")
    await user.should_not_see(SAVED)
    assert len(await saved_searches_of(candidate)) == MAX_SAVED_SEARCHES


async def test_saving_the_search_of_the_page(db: str, user: User) -> None:
    candidate = await new_candidate()
    await sign_in_as(user)
    await user.open("/recherche?type=stage&q=data")
    await user.should_not_see(SAVED)
    button(user, "Sauvegarder ma recherche").click()

    await dialog_open(user)
    await user.should_see("Critères : Stage · mots-clés « data »")
    assert field(user, NAME).elements.pop().value == "data"  # the keywords by default
    field(user, NAME).clear().type("Stages en data")
    button(user, "Sauvegarder").click()

    await user.should_see(SAVED)
    await dialog_open(user, False)
    (confirmation,) = user.find(kind=ui.html, content="Voir mes recherches").elements
    assert '<a href="/mes-recherches"' in confirmation.content
    (search,) = await saved_searches_of(candidate)
    assert search.name == "Stages en data"
    assert await criteria_of(search) == await stage_data()
    assert not search.alert_enabled


async def test_default_name_without_keywords(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    await user.open("/recherche?region=IDF&domaine=numerique")
    button(user, "Sauvegarder ma recherche").click()
    await dialog_open(user)
    await user.should_see("Domaine : Numérique, digital · Région : Île-de-France")
    assert str(field(user, NAME).elements.pop().value).startswith("Ma recherche du ")


async def test_a_name_is_required(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    await user.open("/recherche?type=stage&q=data")
    button(user, "Sauvegarder ma recherche").click()
    await dialog_open(user)
    field(user, NAME).clear().type("   ")
    button(user, "Sauvegarder").click()

    await user.should_see("Donnez un nom à cette recherche.")
    assert field(user, NAME).elements.pop().error == "Donnez un nom à cette recherche."
    await dialog_open(user)  # still there, to be corrected
    await user.should_not_see(SAVED)
    assert not await SavedSearch.all().exists()

    field(user, NAME).type("Mes stages")
    button(user, "Sauvegarder").click()
    await user.should_see(SAVED)
    assert [s.name for s in await SavedSearch.all()] == ["Mes stages"]  # spaces dropped


async def test_the_list_newest_first_with_criteria_in_words(db: str, user: User) -> None:
    candidate = await new_candidate()
    await saved(candidate, "Apprentissage", types=["apprentissage"])
    await asyncio.sleep(0.01)
    await saved(
        candidate,
        "Stages data en Île-de-France",
        types=["stage"],
        keywords="data",
        domains=["numerique"],
        regions=["IDF"],
    )
    await sign_in_as(user)
    await user.open("/mes-recherches")

    await user.should_see("Mes recherches sauvegardées et mes alertes")
    assert titles(user) == ["Stages data en Île-de-France", "Apprentissage"]
    await user.should_see(
        "Stage · mots-clés « data » · Domaine : Numérique, digital · Région : Île-de-France"
    )
    await user.should_see("Sauvegardée le ")
    links = [e.props["href"] for e in user.find(kind=ui.link, content="Relancer").elements]
    assert sorted(links) == [
        "/recherche?type=apprentissage",
        "/recherche?type=stage&q=data&domaine=numerique&region=IDF",
    ]
    await user.should_not_see("Vous n'avez pas encore de recherche sauvegardée.")


async def test_empty_list_says_how_to_save(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    await user.open("/mes-recherches")
    await user.should_see(
        "Vous n'avez pas encore de recherche sauvegardée. Lancez une recherche puis cliquez "
        "sur « Sauvegarder ma recherche »."
    )
    links = user.find(kind=ui.link, content="Rechercher une offre").elements
    assert "/recherche" in {e.props["href"] for e in links}


async def test_renaming(db: str, user: User) -> None:
    candidate = await new_candidate()
    search = await saved(candidate, "Stages data", types=["stage"])
    await sign_in_as(user)
    await user.open("/mes-recherches")
    await user.should_not_see(NAME)

    icon_button(user, "Renommer Stages data").click()
    assert field(user, NAME).elements.pop().value == "Stages data"
    field(user, NAME).clear()
    button(user, "Enregistrer").click()
    await user.should_see("Donnez un nom à cette recherche.")
    button(user, "Annuler").click()
    await user.should_not_see(NAME)
    assert titles(user) == ["Stages data"]

    icon_button(user, "Renommer Stages data").click()
    field(user, NAME).clear().type("Data à Paris")
    button(user, "Enregistrer").click()
    await user.should_see("Recherche renommée.")
    await user.should_not_see(NAME)
    assert titles(user) == ["Data à Paris"]
    icon_button(user, "Renommer Data à Paris")
    icon_button(user, "Supprimer Data à Paris")
    await search.refresh_from_db()
    assert search.name == "Data à Paris"


async def test_the_bell_switches_the_alert_both_ways(db: str, user: User) -> None:
    candidate = await new_candidate()
    search = await saved(candidate, "Stages data", types=["stage"])
    await sign_in_as(user)
    await user.open("/mes-recherches")

    (bell,) = icon_button(user, "Activer l'alerte").elements
    assert (bell.props["icon"], bell.props["aria-pressed"]) == ("notifications_off", "false")
    icon_button(user, "Activer l'alerte").click()
    await user.should_see(ALERT_ON)
    assert (bell.props["icon"], bell.props["aria-pressed"]) == ("notifications_active", "true")
    assert bell.props["aria-label"] == "Désactiver l'alerte"
    await search.refresh_from_db()
    assert search.alert_enabled

    icon_button(user, "Désactiver l'alerte").click()
    await user.should_see(ALERT_OFF)
    await user.should_not_see(ALERT_ON)
    assert (bell.props["icon"], bell.props["aria-pressed"]) == ("notifications_off", "false")
    await search.refresh_from_db()
    assert not search.alert_enabled

    # As it was left, after a reload.
    icon_button(user, "Activer l'alerte").click()
    await user.should_see(ALERT_ON)
    await user.open("/mes-recherches")
    assert icon_button(user, "Désactiver l'alerte").elements.pop().props["aria-pressed"] == "true"


async def test_deleting_asks_first(db: str, user: User) -> None:
    candidate = await new_candidate()
    await saved(candidate, "Stages data", types=["stage"])
    await sign_in_as(user)
    await user.open("/mes-recherches")

    icon_button(user, "Supprimer Stages data").click()
    await user.should_see("Supprimer la recherche « Stages data » ?")
    await dialog_open(user)
    button(user, "Annuler").click()
    await dialog_open(user, False)
    assert titles(user) == ["Stages data"]
    assert await SavedSearch.filter(candidate=candidate).count() == 1

    icon_button(user, "Supprimer Stages data").click()
    await dialog_open(user)
    button(user, "Oui, supprimer").click()
    await user.should_see("La recherche « Stages data » est supprimée.")
    assert titles(user) == []
    await user.should_see("Vous n'avez pas encore de recherche sauvegardée.")
    assert not await SavedSearch.filter(candidate=candidate).exists()


async def test_only_my_searches(db: str, user: User) -> None:
    zoe = await new_candidate()
    other = await new_candidate(
        username="leo.martin", email="leo.martin@exemple.fr", first_name="Léo"
    )
    await saved(zoe, "Ma recherche à moi", types=["stage"])
    await saved(other, "Celle de Léo", types=["apprentissage"])
    await sign_in_as(user)
    await user.open("/mes-recherches")
    await user.should_see("Ma recherche à moi")
    await user.should_not_see("Celle de Léo")
    assert titles(user) == ["Ma recherche à moi"]


async def test_the_page_needs_a_sign_in(db: str, user: User) -> None:
    response = await user.http_client.get("/mes-recherches")
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion?suite=/mes-recherches"


async def test_a_criterion_withdrawn_since_is_said(db: str, user: User) -> None:
    candidate = await new_candidate()
    await SavedSearch.create(
        candidate=candidate, name="Ancienne", query=[["domaine", "astrologie"]]
    )
    await sign_in_as(user)
    await user.open("/mes-recherches")
    await user.should_see("Code inconnu pour « Domaine d'activité » : astrologie")
    (link,) = user.find(kind=ui.link, content="Relancer la recherche").elements
    assert link.props["href"] == "/recherche?domaine=astrologie"


def _menu_links(user: User) -> str:
    """The header's menu (plain HTML for speed): its links' markup."""
    return "".join(
        str(e.content) for e in user.find(kind=ui.html, content="Rechercher une offre").elements
    )


async def test_my_searches_is_in_the_header_menu_once_signed_in(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/")
    assert "Accès candidat" in _menu_links(user)
    assert "Mes recherches" not in _menu_links(user)
    await sign_in_as(user)
    assert '<a href="/mes-recherches" class="nicegui-link px-2">Mes recherches</a>' in _menu_links(
        user
    )
    await user.open("/recherche")
    await user.should_see("Rechercher une offre")
    assert 'href="/mes-recherches"' in _menu_links(user)  # on every page
