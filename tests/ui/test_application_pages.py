"""« J'ai écrit au recruteur » on the offer page and « Mes candidatures », through NiceGUI's
simulated user."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from models.applications import ApplicationForm, ApplicationStatus, record_application
from models.applications.tables import Application
from models.clock import today
from models.offers.publishing import archive_offers
from tests.accounts.helpers import new_candidate
from tests.applications.helpers import pdf, published_offers
from tests.ui.test_document_pages import dialog_button
from tests.ui.test_saved_search_pages import (
    button,
    dialog_open,
    field,
    icon_button,
    shown,
    sign_in_as,
)
from ui.formatting import french_date


async def test_a_visitor_is_offered_to_sign_in_and_come_back(db: str, user: User) -> None:
    [offer] = await published_offers()
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Vous avez écrit au recruteur ?")
    [link] = user.find(kind=ui.link, content="Connectez-vous pour suivre").elements
    assert link.props["href"] == f"/connexion?suite=/offres/{offer.reference}"
    await user.should_not_see("J'ai écrit au recruteur")


async def test_a_candidate_records_what_they_sent_from_the_offer_page(db: str, user: User) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    cv = await pdf(zoe)
    await pdf(zoe, "lettre.pdf", "cover_letter")
    await sign_in_as(user)
    await user.open(f"/offres/{offer.reference}")
    button(user, "J'ai écrit au recruteur").click()
    await dialog_open(user)
    await user.should_see("Noter ma candidature")
    assert field(user, "Destinataire").elements.pop().value == "Service RH (rh1@exemple.gouv.fr)"
    assert field(user, "Date d'envoi").elements.pop().value == today().isoformat()
    user.find(kind=ui.checkbox, content="CV : cv.pdf").click()
    notes = {e for e in user.find(kind=ui.textarea).elements if shown(e)}
    notes.pop().value = "Envoyé avec le CV court"

    # A date to come is refused, and nothing is written.
    field(user, "Date d'envoi").elements.pop().value = (today() + timedelta(days=3)).isoformat()
    button(user, "Enregistrer").click()
    await user.should_see("La date ne peut pas être à venir.")
    assert not await Application.all().exists()

    field(user, "Date d'envoi").elements.pop().value = (today() - timedelta(days=2)).isoformat()
    button(user, "Enregistrer").click()
    await user.should_see(f"Vous avez écrit le {french_date(today() - timedelta(days=2))}.")
    await dialog_open(user, False)
    [recorded] = await Application.all()
    assert recorded.documents == [{"id": cv.id, "name": "cv.pdf", "category": "cv"}]
    assert recorded.notes == "Envoyé avec le CV court"
    assert recorded.follow_up_after_days == 10
    [link] = user.find(kind=ui.link, content="Voir mes candidatures").elements
    assert link.props["href"] == "/mes-candidatures"

    # Opened again, the page says so instead of offering the form.
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Vous avez écrit le")
    await user.should_not_see("J'ai écrit au recruteur")


async def test_the_reminder_can_be_switched_off(db: str, user: User) -> None:
    await new_candidate()
    [offer] = await published_offers()
    await sign_in_as(user)
    await user.open(f"/offres/{offer.reference}")
    button(user, "J'ai écrit au recruteur").click()
    await dialog_open(user)
    await user.should_see("Vous n'avez pas de document enregistré.")
    user.find(kind=ui.checkbox, content="Me rappeler par e-mail").click()
    button(user, "Enregistrer").click()
    await user.should_see("Vous avez écrit le")
    [recorded] = await Application.all()
    assert (recorded.follow_up_after_days, recorded.follow_up_on) == (None, None)


async def test_the_tracker_lists_changes_and_deletes(db: str, user: User) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    open_offer, archived, other = await published_offers(3)
    await record_application(zoe, open_offer.reference, ApplicationForm(notes="Premier envoi"))
    await record_application(
        zoe, archived.reference, ApplicationForm(written_on=today() - timedelta(days=5))
    )
    await record_application(paul, other.reference, ApplicationForm(notes="Celle de Paul"))
    await archive_offers([archived])

    await user.open("/mes-candidatures")  # a visitor is sent to sign in first
    await user.should_see("Identifiant ou adresse e-mail")
    await sign_in_as(user)
    await user.open("/mes-candidatures")
    await user.should_see("2 candidatures suivies")
    await user.should_see(open_offer.title)
    await user.should_see("Offre archivée")
    await user.should_not_see(other.title)  # Paul's
    [link] = user.find(kind=ui.link, content=open_offer.title).elements
    assert link.props["href"] == f"/offres/{open_offer.reference}"
    hrefs = {str(e.props.get("href")) for e in user.find(kind=ui.link).elements}
    assert f"/offres/{archived.reference}" not in hrefs  # archived: named, not linked
    await user.should_see(french_date(today() - timedelta(days=5)))

    newest = await Application.get(offer_reference=open_offer.reference)
    selects = sorted(user.find(kind=ui.select).elements, key=lambda e: e.id)
    selects[0].value = ApplicationStatus.INTERVIEW.value
    await user.should_see("Statut enregistré : Entretien.")
    assert (await Application.get(id=newest.id)).status is ApplicationStatus.INTERVIEW

    areas = sorted(user.find(kind=ui.textarea).elements, key=lambda e: e.id)
    saves = sorted(
        user.find(kind=ui.button, content="Enregistrer les notes").elements, key=lambda e: e.id
    )
    areas[0].value = "x" * 5001
    UserInteraction(user, {saves[0]}, "Enregistrer les notes").click()
    await user.should_see("5000 caractères au plus (5001 saisis).")
    areas[0].value = "Entretien le 12"
    UserInteraction(user, {saves[0]}, "Enregistrer les notes").click()
    await user.should_see("Notes enregistrées.")
    assert (await Application.get(id=newest.id)).notes == "Entretien le 12"

    icon_button(user, f"Supprimer la candidature à {archived.title}").click()
    await dialog_open(user)
    await user.should_see(f"Supprimer la candidature « {archived.title} » ?")
    dialog_button(user, "Supprimer").click()
    await user.should_see(f"La candidature « {archived.title} » est supprimée.")
    await user.should_not_see("Offre archivée")
    await user.should_see("1 candidature suivie")
    assert await Application.filter(candidate=zoe).count() == 1
    assert await Application.filter(candidate=paul).count() == 1


async def test_the_account_pages_lead_to_the_tracker(db: str, user: User) -> None:
    await new_candidate()
    await sign_in_as(user)
    await user.should_see("Mes candidatures")
    await user.open("/mes-candidatures")
    await user.should_see("Vous n'avez pas encore noté de candidature.")
    [search] = user.find(kind=ui.link, content="Rechercher une offre").elements
    assert search.props["href"] == "/recherche"


async def test_the_tracker_shows_twenty_then_the_next_ones(db: str, user: User) -> None:
    zoe = await new_candidate()
    await Application.bulk_create(
        [
            Application(
                candidate=zoe,
                offer=None,
                offer_reference=f"S-2020-{n:04d}",
                offer_title=f"Ancienne offre {n:02d}",
                written_on=today() - timedelta(days=n),
                contact="RH",
            )
            for n in range(23)
        ]
    )
    await sign_in_as(user)
    await user.open("/mes-candidatures")
    await user.should_see("23 candidatures suivies")
    await user.should_see("Ancienne offre 19")
    await user.should_not_see("Ancienne offre 20")
    button(user, "Afficher les candidatures suivantes").click()
    await user.should_see("Ancienne offre 22")
    await user.should_not_see("Afficher les candidatures suivantes")  # nothing more
