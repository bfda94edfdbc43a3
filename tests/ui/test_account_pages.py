"""The candidate's account pages as a person uses them, through NiceGUI's simulated user."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs, urlparse

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from models.accounts.recovery import request_password_reset
from models.accounts.tables import Account
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import (
    PASSWORD,
    answer_proof_of_work_in_python,
    new_candidate,
    solve,
)
from ui.account_session import local_path
from ui.pages.account.proof_of_work import FAILED, SOLVER_SCRIPT

NEW_PASSWORD = "girafe-bleue-sous-la-pluie"
LINK_SENT = (
    "Si un compte correspond, un e-mail contenant un lien de réinitialisation vient d'être "
    "envoyé. Le lien est valable une heure."
)


@pytest.fixture(autouse=True)
def _proof_of_work(user: User) -> None:
    """« Créer un compte » asks the browser to solve a proof-of-work challenge: answered here
    by the same solution, computed in Python."""
    answer_proof_of_work_in_python(user)


def field(user: User, label: str) -> UserInteraction[ui.input]:
    """The one input (in the current scope) whose visible label is exactly `label`."""
    found = {
        e for e in user.find(kind=ui.input, content=label).elements if e.props.get("label") == label
    }
    assert len(found) == 1, f"{len(found)} inputs labelled « {label} »"
    return UserInteraction(user, found, label)


def fill(user: User, values: dict[str, str]) -> None:
    for label, value in values.items():
        field(user, label).clear().type(value)


def button(user: User, text: str) -> UserInteraction[ui.button]:
    return user.find(kind=ui.button, content=text)


def _descriptions(user: User, element: ui.input) -> list[ui.label]:
    """What a screen reader reads after the field's name: the elements its aria-describedby
    names."""
    ids = str(element.props.get("aria-describedby", "")).split()
    labels = {e.html_id: e for e in user.find(kind=ui.label).elements if isinstance(e, ui.label)}
    return [labels[i] for i in ids if i in labels]


def error_of(user: User, label: str) -> str | None:
    """The field's error as shown, and as tied to the input: marked invalid, described by it."""
    (element,) = field(user, label).elements
    said = [e.text for e in _descriptions(user, element) if e.props.get("role") == "alert"]
    if element.props.get("aria-invalid") != "true":
        assert said == [] and element.error is None, f"{label}: an error not tied to its field"
        return None
    assert said == [element.error], f"{label}: {said} said, {element.error!r} shown"
    return element.error


def hint_of(user: User, label: str) -> str:
    (element,) = field(user, label).elements
    return " ".join(e.text for e in _descriptions(user, element) if "role" not in e.props)


def captcha_answer(user: User) -> str:
    (question,) = user.find(marker="captcha-question").elements
    assert isinstance(question, ui.label)
    asked = re.fullmatch(r"Vérification : combien font (\d+) \+ (\d+) \?", question.text)
    assert asked is not None, question.text
    return solve(f"{asked[1]} + {asked[2]} =")


async def sign_in_as(user: User, login: str = "zoe.durand", password: str = PASSWORD) -> None:
    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": login, "Mot de passe": password})
    button(user, "Se connecter").click()
    await user.should_see("Mes informations personnelles")


async def mail_link(kind: str, context_key: str) -> str:
    mail = await OutgoingMail.filter(kind=kind).order_by("-id").first()
    assert mail is not None, f"no {kind} mail queued"
    return str(mail.context[context_key])


def token_of(url: str) -> str:
    return parse_qs(urlparse(url).query)["jeton"][0]


ACCOUNT_CREATED = "Votre compte est créé. Un e-mail de bienvenue vous a été envoyé."

REGISTRATION = {
    "Nom": "Durand",
    "Prénom": "Zoé",
    "Téléphone (facultatif)": "06 12 34 56 78",
    "Adresse e-mail": "zoe.durand@exemple.fr",
    "Identifiant": "zoe.durand",
    "Mot de passe": PASSWORD,
    "Confirmation du mot de passe": PASSWORD,
}


async def test_registration_creates_the_account(db: str, user: User) -> None:
    await user.open("/inscription")
    await user.should_see("Mes informations personnelles")
    assert "12 caractères" in hint_of(user, "Mot de passe")
    assert "' @" in hint_of(user, "Identifiant")
    user.find("Madame").click()
    fill(user, REGISTRATION)
    field(user, "Résultat du calcul").type(captcha_answer(user))
    button(user, "Créer mon compte").click()

    await user.should_see(ACCOUNT_CREATED)
    await user.should_see("Votre identifiant est « zoe.durand ».")
    await user.should_not_see("Résultat du calcul")
    candidate = await Account.get(username="zoe.durand")
    assert (candidate.civility.label, candidate.last_name, candidate.phone) == (
        "Madame",
        "Durand",
        "+33612345678",
    )
    assert await OutgoingMail.filter(kind="welcome", to_address="zoe.durand@exemple.fr").exists()
    # Signed in at once: Mon compte opens without a sign-in.
    user.find("Continuer vers Mon compte").click()
    await user.should_see("Modifier mes informations et mes documents")


async def test_registration_errors_stay_by_their_fields(db: str, user: User) -> None:
    await user.open("/inscription")
    fill(
        user,
        {
            "Prénom": "Zoé",
            "Adresse e-mail": "zoe-sans-arobase",
            "Identifiant": "zoé_durand",
            "Mot de passe": "court",
            "Confirmation du mot de passe": "autre",
            "Résultat du calcul": "0",  # never right: the sums go from 2 to 29
        },
    )
    button(user, "Créer mon compte").click()

    await user.should_see("Choisissez Madame ou Monsieur.")
    await user.should_see("Votre demande n'a pas été enregistrée : 7 champs sont à corriger.")
    assert error_of(user, "Nom") == "Indiquez votre nom."
    assert error_of(user, "Prénom") is None
    assert "n'est pas valide" in str(error_of(user, "Adresse e-mail"))
    assert error_of(user, "Identifiant") == (
        "Lettres, chiffres, espaces et les signes . - ' @ seulement."
    )
    assert str(error_of(user, "Mot de passe")).startswith("Au moins 12 caractères")
    assert error_of(user, "Confirmation du mot de passe") == (
        "La confirmation ne correspond pas au mot de passe."
    )
    assert str(error_of(user, "Résultat du calcul")).startswith("Réponse incorrecte au calcul")
    # Nothing typed is lost but the spent answer; nothing was created.
    assert field(user, "Prénom").elements.pop().value == "Zoé"
    assert field(user, "Identifiant").elements.pop().value == "zoé_durand"
    assert field(user, "Résultat du calcul").elements.pop().value == ""
    assert not await Account.all().exists()

    # The question shown now is a new one: the first was spent, yet answering this one works.
    user.find("Monsieur").click()
    fill(user, {**REGISTRATION, "Prénom": "Zoé"})
    field(user, "Résultat du calcul").type(captcha_answer(user))
    button(user, "Créer mon compte").click()
    await user.should_see(ACCOUNT_CREATED)
    assert (await Account.get(username="zoe.durand")).civility.label == "Monsieur"


async def test_password_match_indicator_follows_the_typing(db: str, user: User) -> None:
    await user.open("/inscription")
    await user.should_not_see("Les mots de passe")
    field(user, "Mot de passe").type("tartine")
    field(user, "Confirmation du mot de passe").type("tarti")
    await user.should_see("Les mots de passe ne correspondent pas")
    field(user, "Confirmation du mot de passe").type("ne")
    await user.should_see("Les mots de passe correspondent")
    await user.should_not_see("Les mots de passe ne correspondent pas")
    field(user, "Mot de passe").type("s")  # changing the first field counts too
    await user.should_see("Les mots de passe ne correspondent pas")


async def test_sign_in_shows_my_account(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/")
    await user.should_see("Accès candidat")
    await user.should_not_see("Se déconnecter")
    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": "ZOE.DURAND@exemple.fr"})
    field(user, "Mot de passe").type(PASSWORD).trigger("keydown.enter")  # Enter sends the form

    await user.should_see("Bonjour Zoé Durand.")
    for text in (
        "Civilité",
        "Madame",
        "06 12 34 56 78",
        "zoe.durand@exemple.fr",
        "zoe.durand",
        "Compte créé le",
        "Modifier mes informations et mes documents",
        "Mes recherches sauvegardées et mes alertes",
    ):
        await user.should_see(text)
    await user.should_see("Se déconnecter")
    await user.should_not_see("Accès candidat")


async def test_wrong_password_or_unknown_login_same_answer(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": "zoe.durand", "Mot de passe": "pas le bon"})
    button(user, "Se connecter").click()
    await user.should_see("Identifiant ou mot de passe incorrect.")
    assert field(user, "Mot de passe").elements.pop().value == ""
    assert field(user, "Identifiant ou adresse e-mail").elements.pop().value == "zoe.durand"

    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": "personne", "Mot de passe": PASSWORD})
    button(user, "Se connecter").click()
    await user.should_see("Identifiant ou mot de passe incorrect.")
    await user.should_not_see("Mes informations personnelles")


async def test_anonymous_visitor_signs_in_first_then_comes_back(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/mon-compte/modifier")
    await user.should_see("Accès candidat")
    await user.should_not_see("Mes informations")
    fill(user, {"Identifiant ou adresse e-mail": "zoe.durand", "Mot de passe": PASSWORD})
    button(user, "Se connecter").click()
    await user.should_see("Modifier mes informations et mes documents")
    await user.should_see("Mon mot de passe")

    await user.open("/mes-recherches")
    await user.should_see("Vous n'avez pas encore de recherche sauvegardée.")


@pytest.mark.parametrize("path", ["/mon-compte", "/mes-recherches"])
async def test_pages_of_the_account_need_a_sign_in(db: str, user: User, path: str) -> None:
    response = await user.http_client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/connexion?suite={path}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/mon-compte/modifier", "/mon-compte/modifier"),
        ("/recherche?type=stage", "/recherche?type=stage"),
        ("//ailleurs.example/", "/mon-compte"),
        ("/\\ailleurs.example/", "/mon-compte"),
        ("https://ailleurs.example/", "/mon-compte"),
        ("", "/mon-compte"),
        (None, "/mon-compte"),
    ],
)
def test_sign_in_returns_only_to_this_site(raw: str | None, expected: str) -> None:
    assert local_path(raw) == expected


async def test_sign_out_from_the_header(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    button(user, "Se déconnecter").click()  # the header's comes first
    await user.should_see("Déconnexion effectuée. À bientôt sur PASS.")
    await user.should_see("Accès candidat")
    await user.open("/mon-compte")
    await user.should_see("Se connecter")
    await user.should_not_see("Mes informations personnelles")


async def test_profile_change_is_saved(db: str, user: User) -> None:
    candidate = await new_candidate()
    await sign_in_as(user)
    await user.open("/mon-compte/modifier")
    with user.scope(marker="profile-form"):
        user.find("Monsieur").click()
        fill(user, {"Prénom": "  Zoéline ", "Téléphone (facultatif)": "+44 20 7946 0958"})
        field(user, "Nom").clear()
        button(user, "Enregistrer mes informations").click()
        await user.should_see("Indiquez votre nom.")
        await user.should_not_see("Vos informations sont enregistrées.")
        field(user, "Nom").type("Durand-Martin")
        button(user, "Enregistrer mes informations").click()
        await user.should_see("Vos informations sont enregistrées.")
        assert field(user, "Prénom").elements.pop().value == "Zoéline"
    await candidate.refresh_from_db()
    assert (candidate.civility.label, candidate.last_name, candidate.first_name) == (
        "Monsieur",
        "Durand-Martin",
        "Zoéline",
    )
    assert candidate.phone == "+442079460958"
    await user.open("/mon-compte")
    await user.should_see("Durand-Martin")
    await user.should_see("+44 20 7946 0958")


async def test_password_change(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    await user.open("/mon-compte/modifier")
    with user.scope(marker="password-form"):
        fill(
            user,
            {
                "Mot de passe actuel": "pas le bon",
                "Nouveau mot de passe": NEW_PASSWORD,
                "Confirmation du nouveau mot de passe": NEW_PASSWORD,
            },
        )
        await user.should_see("Les mots de passe correspondent")
        button(user, "Changer mon mot de passe").click()
        await user.should_see("Mot de passe actuel incorrect.")
        assert error_of(user, "Mot de passe actuel") == "Mot de passe actuel incorrect."

        fill(user, {"Mot de passe actuel": PASSWORD})
        button(user, "Changer mon mot de passe").click()
        await user.should_see("Mot de passe modifié. Vos autres sessions ont été déconnectées.")
        assert error_of(user, "Mot de passe actuel") is None
    # This browser stays signed in; the new password is the one that opens the account.
    await user.open("/mon-compte")
    await user.should_see("Mes informations personnelles")
    button(user, "Se déconnecter").click()
    await user.should_see("Déconnexion effectuée")
    await sign_in_as(user, password=NEW_PASSWORD)


async def test_email_change_waits_for_the_link(db: str, user: User) -> None:
    candidate = await new_candidate()
    await sign_in_as(user)
    await user.open("/mon-compte/modifier")
    with user.scope(marker="email-form"):
        await user.should_see("Adresse actuelle : zoe.durand@exemple.fr")
        fill(user, {"Nouvelle adresse e-mail": "zoe@ailleurs.fr", "Mot de passe actuel": "non"})
        button(user, "Changer mon adresse e-mail").click()
        await user.should_see("Mot de passe actuel incorrect.")
        fill(user, {"Mot de passe actuel": PASSWORD})
        button(user, "Changer mon adresse e-mail").click()
        await user.should_see(
            "Un lien de confirmation a été envoyé à zoe@ailleurs.fr. Votre adresse changera "
            "quand vous l'aurez suivi."
        )

    link = await mail_link("email_change_confirm", "confirm_url")
    assert link.startswith("http://pass.test/confirmer-adresse?jeton=")
    await user.open(f"/confirmer-adresse?jeton={token_of(link)}")
    await candidate.refresh_from_db()
    assert candidate.email == "zoe.durand@exemple.fr", "opening the link alone changed it"
    button(user, "Confirmer ma nouvelle adresse").click()
    await user.should_see("Votre adresse e-mail est maintenant zoe@ailleurs.fr.")
    await candidate.refresh_from_db()
    assert candidate.email == "zoe@ailleurs.fr"

    await user.open(f"/confirmer-adresse?jeton={token_of(link)}")
    button(user, "Confirmer ma nouvelle adresse").click()
    await user.should_see("Ce lien de confirmation n'est plus valide")


async def test_deleting_the_account(db: str, user: User) -> None:
    candidate = await new_candidate()
    await sign_in_as(user)
    await user.open("/mon-compte/modifier")
    (dialog,) = user.find(kind=ui.dialog).elements
    with user.scope(marker="delete-form"):
        button(user, "Supprimer mon compte").click()
        await user.should_see("Indiquez votre mot de passe pour supprimer le compte.")
        assert not dialog.value
        field(user, "Mot de passe").type("pas le bon")
        button(user, "Supprimer mon compte").click()
    assert dialog.value, "the confirmation dialog did not open"
    await user.should_see("Cette action est définitive")
    button(user, "Oui, supprimer définitivement").click()
    await user.should_see("Mot de passe incorrect.")
    assert await Account.filter(id=candidate.id).exists()

    with user.scope(marker="delete-form"):
        field(user, "Mot de passe").type(PASSWORD)
        button(user, "Supprimer mon compte").click()
    button(user, "Oui, supprimer définitivement").click()
    await user.should_see("Votre compte candidat et toutes ses informations sont supprimés.")
    await user.should_see("Accès candidat")
    await user.should_not_see("Se déconnecter")
    assert not await Account.filter(id=candidate.id).exists()


async def test_forgotten_password_says_the_same_for_anyone(db: str, user: User) -> None:
    await new_candidate()
    for login in ("zoe.durand", "personne@nulle-part.fr"):
        await user.open("/mot-de-passe-oublie")
        field(user, "Identifiant ou adresse e-mail").type(login).trigger("keydown.enter")
        await user.should_see(LINK_SENT)
    assert await OutgoingMail.filter(kind="password_reset").count() == 1

    await user.open("/mot-de-passe-oublie")
    button(user, "Recevoir le lien").click()
    await user.should_see("Indiquez votre identifiant ou votre e-mail.")
    await user.should_not_see(LINK_SENT)


async def test_reset_link_no_longer_valid(db: str, user: User) -> None:
    await user.open("/nouveau-mot-de-passe?jeton=inconnu")
    await user.should_see("Ce lien de réinitialisation n'est plus valide")
    await user.should_see("Demander un nouveau lien")
    await user.should_not_see("Nouveau mot de passe")


async def test_reset_link_sets_a_new_password(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/mot-de-passe-oublie")
    field(user, "Identifiant ou adresse e-mail").type("zoe.durand@exemple.fr")
    button(user, "Recevoir le lien").click()
    await user.should_see(LINK_SENT)
    link = await mail_link("password_reset", "reset_url")

    await user.open(f"/nouveau-mot-de-passe?jeton={token_of(link)}")
    fill(user, {"Nouveau mot de passe": NEW_PASSWORD, "Confirmation du nouveau mot de passe": "x"})
    button(user, "Enregistrer mon nouveau mot de passe").click()
    await user.should_see("La confirmation ne correspond pas au nouveau mot de passe.")
    fill(user, {"Confirmation du nouveau mot de passe": NEW_PASSWORD})
    button(user, "Enregistrer mon nouveau mot de passe").click()
    await user.should_see("Votre mot de passe est modifié : connectez-vous.")
    user.find("Se connecter").click()
    await user.should_see("Identifiant ou adresse e-mail")
    await sign_in_as(user, password=NEW_PASSWORD)

    await user.open(f"/nouveau-mot-de-passe?jeton={token_of(link)}")
    await user.should_see("Ce lien de réinitialisation n'est plus valide")


async def test_registration_says_so_when_the_browser_cannot_do_the_proof_of_work(
    db: str, user: User
) -> None:
    user.javascript_rules[SOLVER_SCRIPT] = lambda _: None  # what the script answers on failure
    await user.open("/inscription")
    await user.should_see(FAILED)
    # Solving works again from now on (say, after an update), but the challenge of the page
    # was not solved: the first submission is refused, and asks for a new challenge.
    answer_proof_of_work_in_python(user)
    user.find("Madame").click()
    fill(user, REGISTRATION)
    field(user, "Résultat du calcul").type(captcha_answer(user))
    button(user, "Créer mon compte").click()
    await user.should_see("La vérification anti-robot de votre navigateur n'a pas abouti")
    assert not await Account.all().exists()
    await user.should_not_see(FAILED)
    fill(user, {"Mot de passe": PASSWORD, "Confirmation du mot de passe": PASSWORD})
    field(user, "Résultat du calcul").type(captcha_answer(user))
    button(user, "Créer mon compte").click()
    await user.should_see(ACCOUNT_CREATED)


async def test_forgotten_password_requests_are_limited(db: str, user: User) -> None:
    # The simulated user's requests come from httpx's test address: ten requests from it
    # spend its hourly budget (tests/accounts/test_abuse.py counts them one by one).
    await asyncio.gather(
        *(request_password_reset(f"personne{n}", client_address="127.0.0.1") for n in range(10))
    )
    await user.open("/mot-de-passe-oublie")
    fill(user, {"Identifiant ou adresse e-mail": "zoe.durand"})
    button(user, "Recevoir le lien").click()
    await user.should_see("Trop de demandes de réinitialisation depuis votre connexion")
    await user.should_not_see(LINK_SENT)
