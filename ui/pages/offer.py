"""One offer, every field of the manual's example; expired offers stay readable with a notice."""

from __future__ import annotations

from nicegui import ui

from models.offers import Offer, attachments_by_offer, get_offer, is_expired, sanitize_html
from models.reference import vocabulary
from models.site_paths import OFFER_PAGE, SEARCH, attachment_path
from ui.formatting import french_date, month_year, place
from ui.frame import frame


def _field(label: str, value: str) -> None:
    if value:
        with ui.row().classes("gap-1 items-baseline flex-wrap"):
            ui.label(f"{label} :").classes("font-bold")
            ui.label(value)


def _rich(title: str, html: str) -> None:
    if html:
        ui.label(title).classes("text-lg font-bold mt-3").props('role="heading" aria-level="3"')
        ui.html(html, sanitize=sanitize_html).classes("pass-html")


def _size(size: int) -> str:
    return (
        f"{size / 1024:.2f} Ko".replace(".", ",")
        if size < 1024 * 1024
        else (f"{size / 1024 / 1024:.2f} Mo".replace(".", ","))
    )


@ui.page(OFFER_PAGE)
async def offer_page(reference: str) -> None:
    offer = await get_offer(reference)
    if offer is None:
        with frame("Offre introuvable"):
            ui.label("Offre introuvable").classes("text-2xl font-bold").props(
                'role="heading" aria-level="1"'
            )
            ui.label(f"Aucune offre ne porte la référence « {reference} ».")
            ui.link("Rechercher une offre", SEARCH)
        return
    await _offer(offer)


async def _offer(offer: Offer) -> None:
    words = await vocabulary()
    attachments = (await attachments_by_offer([offer.id])).get(offer.id, [])
    with frame(offer.title):
        if is_expired(offer):
            with (
                ui.card()
                .classes("w-full bg-amber-100 border-l-4 border-amber-600 p-3")
                .props('role="alert"')
            ):
                ui.label("Offre expirée").classes("text-lg font-bold")
                ui.label(
                    "Cette offre n'est plus ouverte aux candidatures depuis le "
                    f"{french_date(offer.expires_on)}. Elle reste consultable pour mémoire."
                )
        with ui.card().classes("pass-card w-full p-4 sm:p-6 gap-2"):
            _field("Numéro d'offre", offer.reference)
            ui.label(offer.title).classes("text-2xl font-bold pass-brand").props(
                'role="heading" aria-level="1"'
            )
            _rich("Description de l'employeur", offer.employer_description)
            _field("Type de contrat", words.types.get(offer.type, offer.type))
            _rich("Description du poste", offer.post_description)
            _field("Niveau de diplôme préparé", words.diploma_levels.get(offer.diploma_level, ""))
            _field("Domaine d'activité", words.domains.get(offer.domain_id, ""))  # type: ignore[attr-defined]
            _field("Service d'affectation", offer.service)
            _field("Lieu d'affectation", offer.workplace)
            _field("Localisation du poste", place(offer, words))
            ui.label("Détails de l'offre").classes("text-xl font-bold mt-4").props(
                'role="heading" aria-level="2"'
            )
            _rich("Descriptif du profil recherché", offer.profile)
            _rich("Informations complémentaires", offer.additional_information)
            _rich("Commentaires", offer.comments)
            ui.label("Informations pratiques").classes("text-xl font-bold mt-4").props(
                'role="heading" aria-level="2"'
            )
            _field("Début du contrat", month_year(offer.contract_start))
            _field("Date de publication", french_date(offer.published_at))
            _field("Date limite", french_date(offer.expires_on))
            if attachments:
                ui.label("Pièces jointes").classes("text-xl font-bold mt-4").props(
                    'role="heading" aria-level="2"'
                )
                ui.label("Document attaché :").classes("font-bold")
                for attachment in attachments:
                    kind = attachment.filename.rsplit(".", 1)[-1].upper()
                    with ui.row().classes("gap-1"):
                        ui.link(
                            attachment.filename,
                            attachment_path(offer.reference, attachment.id),
                        )
                        ui.label(f"({kind}, {_size(attachment.size)})")
            ui.label("Contact").classes("text-xl font-bold mt-4").props(
                'role="heading" aria-level="2"'
            )
            if offer.contact_name:
                ui.label(offer.contact_name)
            if offer.contact_email:
                ui.link(offer.contact_email, f"mailto:{offer.contact_email}")
            if offer.contact_phone:
                ui.link(offer.contact_phone, f"tel:{offer.contact_phone.replace(' ', '')}")
            if offer.contact_url:
                ui.link(offer.contact_url, offer.contact_url, new_tab=True)
            ui.label(
                "Pour candidater, écrivez au contact ci-dessus en joignant votre CV et votre "
                "lettre de motivation : le site ne permet pas de postuler en ligne."
            ).classes("text-sm text-gray-700 mt-2")
