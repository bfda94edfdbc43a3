"""One offer, every field of the manual's example; expired offers stay readable with a notice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from nicegui import ui
from starlette.requests import Request
from starlette.responses import Response

from models.offers import (
    Offer,
    OfferAttachment,
    OfferStatus,
    attachments_by_offer,
    count_visit,
    get_offer,
    is_expired,
    sanitize_html,
)
from models.reference import Vocabulary, vocabulary
from models.site_identity import site_identity
from models.site_paths import OFFER_PAGE, SEARCH, attachment_path
from ui.application_record import recorder_for
from ui.formatting import french_date, month_year, place
from ui.frame import frame
from ui.job_posting import head_html
from ui.offer_contact import ContactAction, contact_action
from ui.offer_essentials import essentials_html
from ui.offer_star import offer_star
from ui.similar_offers import similar_offers_section


def _field(label: str, value: str) -> None:
    if value:
        with ui.row().classes("gap-1 items-baseline flex-wrap"):
            ui.label(f"{label} :").classes("font-bold")
            ui.label(value)


def _rich(title: str, html: str, level: int) -> None:
    if html:
        ui.label(title).classes("text-lg font-bold mt-3").props(
            f'role="heading" aria-level="{level}"'
        )
        ui.html(html, sanitize=sanitize_html).classes("pass-html")


def _act(action: ContactAction | None) -> None:
    """The offer's main action as a link that looks like a button: a mailto: address is a
    link, which opens the mail program without going through the server."""
    if action is not None:
        ui.link(action.label, action.href, new_tab=action.external).classes(
            "pass-action inline-block self-start px-4 py-2 my-2 font-bold no-underline"
        ).style("background:#000091;color:white")


def _size(size: int) -> str:
    return (
        f"{size / 1024:.2f} Ko".replace(".", ",")
        if size < 1024 * 1024
        else (f"{size / 1024 / 1024:.2f} Mo".replace(".", ","))
    )


def _back_to_results(request: Request) -> tuple[str, str]:
    """The results the candidate came from (the Referer is a page of this site: the referrer
    policy sends the full address only to the same origin), else the search page."""
    came_from = urlsplit(request.headers.get("referer", ""))
    if came_from.netloc == request.url.netloc and came_from.path == SEARCH and came_from.query:
        return "Retour aux résultats", f"{SEARCH}?{came_from.query}"
    return "Rechercher d'autres offres", SEARCH


@ui.page(OFFER_PAGE)
async def offer_page(reference: str, request: Request) -> Response | None:
    offer = await get_offer(reference)
    if offer is None:
        # Not an offer any more (or never one): search engines should drop the address.
        ui.add_head_html('<meta name="robots" content="noindex">')
        with frame("Offre introuvable"):
            ui.label("Offre introuvable").classes("text-2xl font-bold").props(
                'role="heading" aria-level="1"'
            )
            ui.label(f"Aucune offre ne porte la référence « {reference} ».")
            ui.link("Rechercher une offre", SEARCH)
        # A 404, not a page that says so with a 200: caches, crawlers and link checkers read
        # the status.
        return ui.context.client.build_response(request, 404)
    if offer.status is OfferStatus.PUBLISHED:
        # A number per offer and day; the User-Agent only tells robots apart, and is not kept.
        await count_visit(offer.id, user_agent=request.headers.get("user-agent", ""))
    await _offer(offer, request)
    return None


async def _offer(offer: Offer, request: Request) -> None:
    words = await vocabulary()
    attachments = (await attachments_by_offer([offer.id])).get(offer.id, [])
    back = _back_to_results(request)
    site_url = site_identity().site_url or str(request.base_url).rstrip("/")
    ui.add_head_html(head_html(offer, words, site_url))
    with frame(
        f"{offer.title} – {offer.reference}",
        noscript=essentials_html(offer, words, back),
    ):
        with ui.row().classes("w-full items-center justify-between gap-x-4 gap-y-2 mb-2"):
            ui.link(f"← {back[0]}", back[1]).classes("inline-block")
            await offer_star(offer)
        recorder = await recorder_for(offer)
        offer_body(
            offer, words, attachments, after_action=recorder.show if recorder is not None else None
        )
        await similar_offers_section(offer, words)


def offer_body(
    offer: Offer,
    words: Vocabulary,
    attachments: Sequence[OfferAttachment] = (),
    *,
    after_action: Callable[..., None] | None = None,
) -> None:
    """The offer as candidates read it, under the page's header: the same for a stored offer
    and for a recruiter's preview of an unsaved one (`build_offer`), which has no reference
    or publication date yet. `after_action(open_offer=…)` adds what goes under the main
    action (the candidate's « J'ai écrit au recruteur »)."""
    action = contact_action(offer)
    # Links in the offer's text are told from it by more than their colour (WCAG 1.4.1).
    ui.add_css(".pass-html a { text-decoration: underline; }")
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
        if not is_expired(offer):
            _act(action)
            if after_action is not None:
                after_action(open_offer=True)
            _field("Date limite de candidature", french_date(offer.expires_on))
        elif after_action is not None:
            after_action(open_offer=False)
        _rich("Description de l'employeur", offer.employer_description, 2)
        _field("Type de contrat", words.types.get(offer.type, offer.type))
        _rich("Description du poste", offer.post_description, 2)
        _field("Niveau de diplôme préparé", words.diploma_levels.get(offer.diploma_level, ""))
        _field("Domaine d'activité", words.domains.get(offer.domain_id, ""))  # type: ignore[attr-defined]
        _field("Service d'affectation", offer.service)
        _field("Lieu d'affectation", offer.workplace)
        _field("Localisation du poste", place(offer, words))
        # A heading only over something: an empty section reads as a page that failed.
        if offer.profile or offer.additional_information or offer.comments:
            ui.label("Détails de l'offre").classes("text-xl font-bold mt-4").props(
                'role="heading" aria-level="2"'
            )
        _rich("Descriptif du profil recherché", offer.profile, 3)
        _rich("Informations complémentaires", offer.additional_information, 3)
        _rich("Commentaires", offer.comments, 3)
        if offer.contract_start or offer.duration or offer.published_at or offer.expires_on:
            ui.label("Informations pratiques").classes("text-xl font-bold mt-4").props(
                'role="heading" aria-level="2"'
            )
        _field("Début du contrat", month_year(offer.contract_start))
        _field("Durée", offer.duration)
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
                    if offer.reference is None or attachment.id is None:
                        # A preview's file not stored yet: named, with nothing to download.
                        ui.label(attachment.filename).classes("underline")
                    else:
                        ui.link(
                            attachment.filename,
                            attachment_path(offer.reference, attachment.id),
                        )
                    ui.label(f"({kind}, {_size(attachment.size)})")
        ui.label("Contact").classes("text-xl font-bold mt-4").props('role="heading" aria-level="2"')
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
