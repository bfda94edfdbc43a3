"""The recruiters' offer form through NiceGUI's simulated user: a draft refused then saved, its
preview, its publication (then public and found), editing a published offer, duplicating,
archiving, and who may do what."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User, UserInteraction

from models.accounts.tables import AccountRole
from models.clock import today
from models.offers.tables import Offer, OfferAttachment, OfferStatus, OfferVisitDay
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents.samples import SAMPLES
from tests.recruiting.helpers import offers_of, signed_up_staff
from tests.ui.test_account_pages import button, error_of, fill
from tests.ui.test_recruiter_pages import sign_in
from ui.ascii_text import readable_html

NEW = "/recruteur/offres/nouvelle"
PDF = SAMPLES["pdf"]


def edit(reference: str) -> str:
    return f"/recruteur/offres/{reference}/modifier"


def choose(user: User, label: str, value: Any) -> None:
    select = next(e for e in user.find(kind=ui.select).elements if e.props.get("label") == label)
    select.value = value


def write(user: User, marker: str, html: str) -> None:
    user.find(marker=marker).elements.pop().value = html  # type: ignore[attr-defined]


def place(user: User, code: str, label: str) -> None:
    user.find(marker="Commune").elements.pop().value = {  # type: ignore[attr-defined]
        "place": code,
        "label": label,
        "radius": 20,
    }


def fill_offer(user: User, title: str = "Stage – inventaire des collections (F/H)") -> None:
    fill(
        user,
        {
            "Intitulé de l'offre": title,
            "Service d'affectation": "Musée des Augustins",
            "Adresse e-mail du contact": "stages@augustins.fr",
        },
    )
    choose(user, "Niveau de diplôme préparé", "6")
    choose(user, "Domaine d'activité", "culture")
    write(user, "post_description", "<p>Inventaire <b>numérique</b> des collections.</p>")
    place(user, "31555", "Toulouse (31)")


async def recruiter(user: User, administration: str = "culture") -> None:
    await signed_up_staff("redactrice", AccountRole.RECRUITER, administration)
    await sign_in(user, "redactrice")
    await user.should_see("Offres de l'administration")


async def test_a_draft_refused_then_saved_then_published(db: str, user: User) -> None:
    await recruiter(user)
    await user.should_see("Déposer une offre")
    user.find(kind=ui.link, content="Déposer une offre").click()
    await user.should_see("Les champs sans la mention « facultatif » sont obligatoires.")
    await user.should_see("Administration : Ministère de la Culture")
    fill(
        user,
        {
            "Adresse e-mail du contact": "pas-une-adresse",
            "Date limite de candidature (facultatif)": "2001-01-01",
        },
    )
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Votre demande n'a pas été enregistrée")
    assert error_of(user, "Intitulé de l'offre") == "Indiquez l'intitulé de l'offre."
    assert error_of(user, "Adresse e-mail du contact") == "Adresse e-mail non valide."
    assert error_of(user, "Date limite de candidature (facultatif)") == (
        "La date de fin de publication est déjà passée."
    )
    await user.should_see("Décrivez le poste (missions, activités).")
    commune = user.find(marker="Commune").elements.pop()
    assert commune.props["error"] == "Indiquez la commune du lieu d'affectation."
    assert await Offer.all().count() == 0  # nothing saved on error

    fill_offer(user)
    fill(user, {"Date limite de candidature (facultatif)": str(today() + timedelta(days=30))})
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    offer = await Offer.get()
    assert offer.status is OfferStatus.DRAFT and offer.city == "Toulouse"
    assert offer.administration_id == "culture"  # type: ignore[attr-defined]
    await user.should_see(f"Modifier une offre – {offer.reference}")

    button(user, "Aperçu").click()
    await user.should_see("Aperçu : l'offre telle que les candidats la verront.")
    await user.should_see("Stage – inventaire des collections (F/H)")
    await user.should_see("Toulouse, Occitanie, FRANCE")
    await user.should_see("Écrire au recruteur")
    assert await OfferVisitDay.all().count() == 0  # a preview is no visit
    button(user, "Revenir au formulaire").click()

    button(user, "Publier").click()
    await user.should_see("Offre publiée")
    await user.should_see("Enregistrer les modifications")
    offer = await Offer.get()
    assert offer.status is OfferStatus.PUBLISHED

    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Stage – inventaire des collections (F/H)")
    await user.open("/recherche?q=inventaire")
    await user.should_see("1 offre correspond")
    results = [readable_html(e.content) for e in user.find(kind=ui.html).elements]
    assert any(f'href="/offres/{offer.reference}"' in c for c in results)


async def test_a_preview_shows_an_unsaved_offer_without_saving_it(db: str, user: User) -> None:
    await recruiter(user)
    await user.open(NEW)
    button(user, "Aperçu").click()
    await user.should_see("Votre demande n'a pas été enregistrée")
    fill_offer(user, "Apprentissage en médiation")
    write(user, "profile", "<p>Curieux <script>alert(1)</script>et <i>rigoureux</i>.</p>")
    button(user, "Aperçu").click()
    await user.should_see("Aperçu : l'offre telle que les candidats la verront.")
    await user.should_see("Apprentissage en médiation")
    await user.should_see("Descriptif du profil recherché")
    shown = [readable_html(e.content) for e in user.find(kind=ui.html).elements]
    assert any("<i>rigoureux</i>" in c for c in shown)
    assert not any("<script>" in c for c in shown)
    assert await Offer.all().count() == 0


async def test_a_published_offer_is_edited_and_duplicated(db: str, user: User) -> None:
    [offer] = await offers_of("culture")
    await recruiter(user)
    await user.open(edit(offer.reference))
    await user.should_see("Enregistrer les modifications")
    await user.should_not_see("Enregistrer le brouillon")
    fill(user, {"Intitulé de l'offre": "Stage – régie des œuvres (F/H)"})
    button(user, "Enregistrer les modifications").click()
    await user.should_see("Modifications enregistrées")
    changed = await Offer.get(id=offer.id)
    assert changed.title == "Stage – régie des œuvres (F/H)"
    assert changed.status is OfferStatus.PUBLISHED

    user.find(kind=ui.link, content="Dupliquer").click()
    await user.should_see(f"Copie de l'offre {offer.reference}")
    await user.should_see("Déposer une offre")
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    copy = await Offer.exclude(id=offer.id).get()
    assert copy.title == changed.title and copy.reference != offer.reference
    assert copy.status is OfferStatus.DRAFT and copy.service == changed.service


async def test_an_offer_is_archived_after_confirmation(db: str, user: User) -> None:
    [offer] = await offers_of("culture")
    await recruiter(user)
    await user.open(edit(offer.reference))
    button(user, "Archiver").click()
    await user.should_see(f"Archiver l'offre {offer.reference} ?")
    user.find(kind=ui.button, content="Annuler").click()
    assert (await Offer.get(id=offer.id)).status is OfferStatus.PUBLISHED
    button(user, "Archiver").click()
    # The dialog's own « Archiver », beside « Annuler ».
    confirm = {b for b in user.find(kind=ui.button).elements if b.props.get("icon") == "archive"}
    UserInteraction(user, confirm, "Archiver").click()
    await user.should_see("Offre archivée")
    assert (await Offer.get(id=offer.id)).status is OfferStatus.ARCHIVED
    await user.should_see("elle ne se modifie plus")
    await user.should_not_see("Enregistrer les modifications")


async def test_a_recruiter_cannot_manage_another_administrations_offer(db: str, user: User) -> None:
    [culture] = await offers_of("culture")
    await recruiter(user, "interieur")
    for path in (edit(culture.reference), f"{NEW}?depuis={culture.reference}"):
        await user.open(path)
        await user.should_see("Vous ne pouvez gérer que les offres de votre administration.")
        await user.should_not_see("Enregistrer les modifications")
        await user.should_not_see(culture.title)
    await user.open(edit("S-2020-9999"))
    await user.should_see("Offre introuvable.")


async def test_an_admin_chooses_the_administration(db: str, user: User) -> None:
    await signed_up_staff("cheffe", AccountRole.ADMIN)
    await sign_in(user, "cheffe")
    await user.should_see("Toutes les administrations")
    await user.open(NEW)
    fill_offer(user)
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Choisissez l'administration.")
    await user.should_not_see("Administration inconnue")
    choose(user, "Administration", "interieur")
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    assert (await Offer.get()).administration_id == "interieur"  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", [NEW, edit("S-2026-0001")])
async def test_the_form_needs_a_staff_sign_in(db: str, user: User, path: str) -> None:
    response = await user.http_client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion?suite=/recruteur/offres/")
    await new_candidate()
    await user.open("/connexion")
    fill(user, {"Identifiant ou adresse e-mail": "zoe.durand", "Mot de passe": PASSWORD})
    button(user, "Se connecter").click()
    await user.should_see("Mes informations personnelles")
    await user.open(path)
    await user.should_see("Cette page est réservée aux comptes recruteur.")
    await user.should_not_see("Enregistrer le brouillon")


async def test_a_stage_abroad_has_a_country_and_a_typed_city(db: str, user: User) -> None:
    await recruiter(user)
    await user.open(NEW)
    fill_offer(user)
    place(user, "Berlin", "Berlin")  # typed, not chosen in the list of communes
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Votre demande n'a pas été enregistrée")
    commune = user.find(marker="Commune").elements.pop()
    assert commune.props["error"] == "Choisissez la commune dans la liste proposée."
    choose(user, "Pays", "DE")
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    offer = await Offer.get()
    assert (offer.country_code, offer.city, offer.commune_code) == ("DE", "Berlin", None)
    reopened = user.find(marker="Commune").elements.pop()
    assert reopened.value["place"] == "Berlin"  # type: ignore[attr-defined]


def attachment_uploader(user: User) -> ui.upload:
    with user.scope(marker="offer-attachment"):
        (element,) = user.find(kind=ui.upload).elements
    return element


async def send(user: User, name: str, data: bytes) -> None:
    """The file as the browser's uploader sends it."""
    url = attachment_uploader(user).props["url"]
    await user.http_client.post(url, files={"file": (name, data, "application/pdf")})


def stored_files() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


async def test_a_new_offer_takes_its_pdf_before_it_is_saved(db: str, user: User) -> None:
    await recruiter(user)
    before = stored_files()  # the storage outlives a test
    await user.open(NEW)
    await user.should_see("Il est joint à l'offre quand vous l'enregistrez ou la publiez.")
    upload = attachment_uploader(user)
    assert upload.props["accept"] == ".pdf,application/pdf"
    # A text file named .pdf: refused by its content at once, nothing kept anywhere.
    await send(user, "fiche.pdf", b"pas un PDF")
    await user.should_see("« fiche.pdf » n'a pas été retenu. Ce fichier n'est pas un PDF")
    assert stored_files() == before
    await send(user, "Première fiche.pdf", PDF)
    await user.should_see("« Première fiche.pdf » sera joint à l'offre à son enregistrement.")
    await send(user, "Fiche de poste.pdf", PDF)  # a second file replaces the first
    await user.should_see("« Fiche de poste.pdf » sera joint à l'offre à son enregistrement.")
    assert stored_files() == before  # kept by the form, not stored before the offer exists
    assert await Offer.all().count() == 0

    fill_offer(user, "Stage – régie des œuvres (F/H)")
    button(user, "Publier").click()
    await user.should_see("Offre publiée")
    offer = await Offer.get()
    assert offer.status is OfferStatus.PUBLISHED
    [stored] = await OfferAttachment.filter(offer_id=offer.id)
    assert (stored.filename, stored.size) == ("Fiche de poste.pdf", len(PDF))
    assert stored_files() - before == {stored.storage_key}
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Fiche de poste.pdf")
    # No profile, information or comments written: no empty « Détails de l'offre » heading.
    await user.should_see("Informations pratiques")
    await user.should_not_see("Détails de l'offre")


async def test_a_pdf_kept_by_the_new_form_may_be_withdrawn(db: str, user: User) -> None:
    await recruiter(user)
    before = stored_files()
    await user.open(NEW)
    await send(user, "Fiche.pdf", PDF)
    await user.should_see("« Fiche.pdf » sera joint à l'offre à son enregistrement.")
    (remove,) = [
        b
        for b in user.find(kind=ui.button, content="Retirer").elements
        if b.props.get("aria-label") == "Retirer Fiche.pdf"
    ]
    UserInteraction(user, {remove}, "Retirer").click()
    await user.should_see("« Fiche.pdf » a été retiré.")
    fill_offer(user)
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    assert await OfferAttachment.all().count() == 0
    assert stored_files() == before


async def test_a_duration_and_a_pdf_reach_the_offer_page(db: str, user: User) -> None:
    await recruiter(user)
    await user.open(NEW)
    fill_offer(user, "Stage – régie des œuvres (F/H)")
    fill(user, {"Durée (facultatif)": "  6   mois "})
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    offer = await Offer.get()
    assert offer.duration == "6 mois"

    # On a saved offer the file is joined as soon as it is sent.
    await send(user, "fiche.pdf", b"pas un PDF")
    await user.should_see("« fiche.pdf » n'a pas été joint.")
    assert await OfferAttachment.all().count() == 0
    await send(user, "Fiche de poste.pdf", PDF)
    await user.should_see("« Fiche de poste.pdf » est joint à l'offre.")
    [stored] = await OfferAttachment.all()
    assert stored.size == len(PDF)

    button(user, "Aperçu").click()
    await user.should_see("Durée :")
    await user.should_see("6 mois")
    await user.should_see("Document attaché :")
    button(user, "Revenir au formulaire").click()
    button(user, "Publier").click()
    await user.should_see("Offre publiée")
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Fiche de poste.pdf")
    # The file itself is served by the site's route (tests/schema/test_offer_attachments_api).
    links = {link.text: link.props["href"] for link in user.find(kind=ui.link).elements}
    assert links["Fiche de poste.pdf"] == f"/offres/{offer.reference}/pieces-jointes/{stored.id}"

    await user.open(edit(offer.reference))
    (remove,) = [
        b
        for b in user.find(kind=ui.button, content="Retirer").elements
        if b.props.get("aria-label") == "Retirer Fiche de poste.pdf"
    ]
    UserInteraction(user, {remove}, "Retirer").click()
    await user.should_see("« Fiche de poste.pdf » a été retiré de l'offre.")
    assert await OfferAttachment.all().count() == 0
    assert "Fiche de poste.pdf" not in {link.text for link in user.find(kind=ui.link).elements}
    assert "Joindre un PDF" in attachment_uploader(user).slots["header"].template  # type: ignore[operator]


async def test_save_then_publish_at_once_saves_one_offer(db: str, user: User) -> None:
    """Each button had its own guard: « Enregistrer » then « Publier » before the first one
    ended saved the new offer twice."""
    await recruiter(user)
    await user.open(NEW)
    fill_offer(user)
    button(user, "Enregistrer le brouillon").click()
    button(user, "Publier").click()
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    assert await Offer.all().count() == 1


async def test_addresses_no_offer_can_have_get_a_page_not_an_error(db: str, user: User) -> None:
    await signed_up_staff("cheffe", AccountRole.ADMIN)
    await sign_in(user, "cheffe")
    await user.should_see("Toutes les administrations")  # signed in and landed
    for path in (edit("S" * 40), f"{NEW}?depuis={'S' * 40}", edit("S-2026%00")):
        await user.open(path)
        await user.should_see("Offre introuvable.")
    # An unknown administration in the admin's filter: every administration, not an error.
    await offers_of("culture", count=2)
    for asked in ("x" * 100, "%00"):
        await user.open(f"/recruteur/offres?administration={asked}")
        await user.should_see("2 offres")
    for path in (f"/offres/{'S' * 40}", f"/offres/{'S' * 40}/pieces-jointes/1"):
        assert (await user.http_client.get(path)).status_code == 404, path
    [offer] = await Offer.all().limit(1)
    far = f"/offres/{offer.reference}/pieces-jointes/99999999999999999999"
    assert (await user.http_client.get(far)).status_code == 404


async def test_a_drafts_pdf_is_named_not_linked(db: str, user: User) -> None:
    """Downloads serve public offers only: a link on a draft led to « page introuvable »."""
    await recruiter(user)
    await user.open(NEW)
    fill_offer(user)
    button(user, "Enregistrer le brouillon").click()
    await user.should_see("Brouillon enregistré.")
    await send(user, "Fiche de poste.pdf", PDF)
    await user.should_see("« Fiche de poste.pdf » est joint à l'offre.")
    await user.should_see("téléchargeable depuis la page de l'offre une fois publiée")
    assert "Fiche de poste.pdf" not in {link.text for link in user.find(kind=ui.link).elements}
    button(user, "Aperçu").click()
    await user.should_see("Document attaché :")
    assert "Fiche de poste.pdf" not in {link.text for link in user.find(kind=ui.link).elements}
    button(user, "Revenir au formulaire").click()
    button(user, "Publier").click()
    await user.should_see("Offre publiée")
    assert "Fiche de poste.pdf" in {link.text for link in user.find(kind=ui.link).elements}
