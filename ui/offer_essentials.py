"""An offer's essentials as plain HTML, in the page the server sends, for whoever reads it
without JavaScript (a browser with it turned off, a search engine, a text browser).

NiceGUI draws its pages in the browser from a description: without JavaScript the page would
be empty. This block sits in a <noscript> element, so it is shown only then.
"""

from __future__ import annotations

from html import escape

from models.offers import Offer, french_date, is_expired, month_year, place, sanitize_html
from models.reference import Vocabulary
from ui.offer_contact import contact_action

__all__ = ["essentials_html"]


def _row(label: str, value: str) -> str:
    return f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" if value else ""


def _contact(offer: Offer) -> str:
    lines = []
    if offer.contact_name:
        lines.append(escape(offer.contact_name))
    if offer.contact_email:
        email = escape(offer.contact_email)
        lines.append(f'E-mail : <a href="mailto:{email}">{email}</a>')
    if offer.contact_phone:
        phone = escape(offer.contact_phone)
        lines.append(
            f'Téléphone : <a href="tel:{escape(offer.contact_phone.replace(" ", ""))}">{phone}</a>'
        )
    if offer.contact_url:
        url = escape(offer.contact_url)
        lines.append(f'Site : <a href="{url}">{url}</a>')
    return "".join(f"<p>{line}</p>" for line in lines)


def essentials_html(offer: Offer, words: Vocabulary, back: tuple[str, str]) -> str:
    """`back`: the way back's text and address; `post_description` is the offer's rich text,
    sanitised when it was written and again here for the rules added since (list markers)."""
    back_label, back_href = back
    expired = (
        '<p role="alert"><strong>Offre expirée</strong> : elle n\'est plus ouverte aux '
        "candidatures.</p>"
        if is_expired(offer)
        else ""
    )
    action = contact_action(offer)
    act = (
        f'<p><a href="{escape(action.href)}"><strong>{escape(action.label)}</strong></a></p>'
        if action and not is_expired(offer)
        else ""
    )
    facts = "".join(
        (
            _row("Numéro d'offre", offer.reference),
            _row("Type de contrat", words.types.get(offer.type, offer.type)),
            _row("Administration", words.administrations.get(offer.administration_id, "")),  # type: ignore[attr-defined]
            _row("Service d'affectation", offer.service),
            _row("Lieu d'affectation", offer.workplace),
            _row("Localisation du poste", place(offer, words)),
            _row("Début du contrat", month_year(offer.contract_start)),
            _row("Durée", offer.duration),
            _row("Date de publication", french_date(offer.published_at)),
            _row("Date limite", french_date(offer.expires_on)),
        )
    )
    text = sanitize_html(offer.post_description) if offer.post_description else ""
    description = f"<h2>Description du poste</h2>{text}" if text else ""
    return (
        f'<article class="pass-noscript-offer"><p><a href="{escape(back_href)}">'
        f"{escape(back_label)}</a></p><h1>{escape(offer.title)}</h1>{expired}{act}"
        f"<dl>{facts}</dl><h2>Contact et candidature</h2>{_contact(offer)}"
        "<p>Pour candidater, écrivez au contact ci-dessus en joignant votre CV et votre lettre "
        "de motivation : le site ne permet pas de postuler en ligne.</p>"
        f"{description}</article>"
    )
