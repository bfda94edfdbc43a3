"""« Accès recruteur » as people use it through NiceGUI's simulated user: the header's door, the
sign-in that leads staff to « Mes offres », inviting, accepting an invitation, and who sees
which offers."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from nicegui import ui
from nicegui.testing import User

from models.accounts.tables import Account, AccountRole
from models.alerts.tables import AlertDelivery
from models.mail.tables import OutgoingMail
from models.offers.tables import OfferVisitDay
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.recruiting.helpers import (
    STAFF_PASSWORD,
    invitation_link,
    offers_of,
    signed_up_staff,
)
from tests.ui.test_account_pages import button, fill

OFFERS = "/recruteur/offres"
INVITATIONS = "/administration/invitations"


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def sign_in(user: User, login: str, password: str = STAFF_PASSWORD) -> None:
    await user.open("/connexion?espace=recruteur")
    await user.should_see("Accès recruteur")
    fill(user, {"Identifiant ou adresse e-mail": login, "Mot de passe": password})
    button(user, "Se connecter").click()


@pytest.mark.parametrize("path", [OFFERS, INVITATIONS])
async def test_the_recruiters_pages_need_a_sign_in(db: str, user: User, path: str) -> None:
    response = await user.http_client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/connexion?suite={path}"


async def test_the_header_opens_the_recruiters_sign_in(db: str, user: User) -> None:
    await user.open("/")
    await user.should_see("Accès recruteur")
    await user.open("/connexion?espace=recruteur")
    await user.should_see("Pas encore de compte recruteur ?")
    await user.should_not_see("Créer un compte")


async def test_a_recruiter_lands_on_their_administrations_offers(db: str, user: User) -> None:
    [culture, draft] = await offers_of("culture", count=2)
    await offers_of("interieur", count=1, seed=2)
    await AlertDelivery.create(candidate=await new_candidate(), offer=culture)
    await OfferVisitDay.create(offer=culture, day=culture.created_at.date(), visits=5)
    await draft.__class__.filter(id=draft.id).update(status="draft", published_at=None, seq=None)
    await signed_up_staff("recruteuse", AccountRole.RECRUITER, "culture")
    await sign_in(user, "recruteuse")
    await user.should_see("Mes offres")
    await user.should_see("Offres de l'administration « Ministère de la Culture »")
    await user.should_see(culture.reference)
    await user.should_see(draft.reference)
    await user.should_not_see("Offre interieur 1")
    page = user.find(kind=ui.html).elements
    table = next(e.content for e in page if "<table>" in e.content)
    assert ">publiée</td>" not in table  # the status is styled, in its own span
    assert ">publiée</span>" in table and ">brouillon</span>" in table
    row = next(r for r in table.split("<tr>") if culture.reference in r)
    assert '<td data-label="Candidats alertés">1</td><td data-label="Visites">5</td>' in row
    # The reference opens the offer's form, the title of a published offer its public page.
    assert f'href="/recruteur/offres/{culture.reference}/modifier"' in row
    assert f'href="/offres/{culture.reference}">Offre culture 1</a>' in row
    draft_row = next(r for r in table.split("<tr>") if draft.reference in r)
    assert 'href="/offres/' not in draft_row
    assert not any("Mes recherches" in e.content for e in page)  # a candidate's link
    # The header now offers « Mes offres »; the admins' page is not theirs.
    await user.open(INVITATIONS)
    await user.should_see("Cette page est réservée aux administrateurs de PASS.")
    await user.should_not_see("Envoyer l'invitation")


async def test_a_recruiter_of_another_administration_does_not_see_them(db: str, user: User) -> None:
    [culture] = await offers_of("culture")
    [interieur] = await offers_of("interieur", seed=2)
    await signed_up_staff("prefecture", AccountRole.RECRUITER, "interieur")
    await sign_in(user, "prefecture")
    await user.should_see(interieur.reference)
    await user.should_not_see(culture.reference)
    await user.open(f"{OFFERS}?administration=culture")  # asking is not enough
    await user.should_see(interieur.reference)
    await user.should_not_see(culture.reference)


async def test_a_candidate_is_refused_mes_offres(db: str, user: User) -> None:
    await new_candidate()
    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": "zoe.durand", "Mot de passe": PASSWORD})
    button(user, "Se connecter").click()
    await user.should_see("Mes informations personnelles")  # a candidate's landing
    await user.open(OFFERS)
    await user.should_see("Cette page est réservée aux comptes recruteur.", retries=20)
    await user.open(INVITATIONS)
    await user.should_see("Cette page est réservée aux administrateurs de PASS.")


async def test_an_admin_invites_and_the_invited_person_signs_up(db: str, user: User) -> None:
    await offers_of("culture")
    await signed_up_staff("chef", AccountRole.ADMIN)
    await new_candidate(email="deja@exemple.fr", username="deja")
    await sign_in(user, "chef")
    await user.should_see("Toutes les administrations")
    await user.open(INVITATIONS)
    await user.should_see("Nouvelle invitation")
    fill(user, {"Adresse e-mail de la personne invitée": "deja@exemple.fr"})
    button(user, "Envoyer l'invitation").click()
    await user.should_see("Un compte existe déjà avec cette adresse e-mail")
    fill(user, {"Adresse e-mail de la personne invitée": "nina@culture.gouv.fr"})
    button(user, "Envoyer l'invitation").click()
    await user.should_see("Choisissez l'administration dont le recruteur publiera les offres.")
    user.find(kind=ui.select, content="Administration").elements.pop().value = "culture"
    button(user, "Envoyer l'invitation").click()
    await user.should_see("Invitation envoyée à nina@culture.gouv.fr. Le lien est valable 7 jours.")
    assert await OutgoingMail.filter(to_address="nina@culture.gouv.fr").count() == 1
    await user.should_see("en attente, lien valable jusqu'au")
    link = await invitation_link("nina@culture.gouv.fr")

    button(user, "Se déconnecter").click()
    await user.should_see("Déconnexion effectuée.")
    await user.open(_local(link))
    await user.should_see("pour l'administration « Ministère de la Culture »")
    fill(
        user,
        {
            "Nom": "Petit",
            "Prénom": "Nina",
            "Identifiant": "npetit",
            "Mot de passe": "court",
            "Confirmation du mot de passe": "court",
        },
    )
    user.find(kind=ui.radio).elements.pop().value = "madame"
    button(user, "Créer mon compte").click()
    await user.should_see("Votre demande n'a pas été enregistrée")
    fill(user, {"Mot de passe": STAFF_PASSWORD, "Confirmation du mot de passe": STAFF_PASSWORD})
    button(user, "Créer mon compte").click()
    await user.should_see("Offres de l'administration « Ministère de la Culture »")
    account = await Account.get(username="npetit")
    assert account.role is AccountRole.RECRUITER

    await user.open(_local(link))
    await user.should_see("Ce lien d'invitation n'est plus valide")


async def test_an_admin_filters_by_administration_and_pages(db: str, user: User) -> None:
    drafts = await offers_of("culture", count=22, publish=False)
    [interieur] = await offers_of("interieur", seed=2)
    await signed_up_staff("cheffe", AccountRole.ADMIN)
    await sign_in(user, "cheffe")
    await user.should_see("Offres 1 à 20 sur 23, les plus récentes d'abord")
    await user.should_see("Page 1 sur 2")
    await user.open(f"{OFFERS}?page=2")
    await user.should_see("Offres 21 à 23 sur 23, les plus récentes d'abord")
    await user.open(f"{OFFERS}?administration=interieur")
    await user.should_see(interieur.reference)
    table = next(e.content for e in user.find(kind=ui.html).elements if "<table>" in e.content)
    assert "<caption" in table and ">1 offre</caption>" in table
    await user.should_not_see(drafts[0].reference)
