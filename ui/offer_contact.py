"""How a candidate reaches the recruiter of an offer: the one main action of its page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from models.offers import Offer

__all__ = ["MAILTO_MAX", "ContactAction", "contact_action", "mail_body", "mailto"]


@dataclass(frozen=True, slots=True)
class ContactAction:
    label: str
    href: str
    external: bool = False  # a web address, opened in a new tab


# Mail programs and browsers cut or refuse longer mailto: addresses (some at 2,000 characters).
MAILTO_MAX = 2_000


def mail_body(offer: Offer, *, with_title: bool = True) -> str:
    """A short polite letter for the candidate to complete, never sent by the site."""
    named = f"« {offer.title} » (référence {offer.reference})" if with_title else offer.reference
    return (
        "Madame, Monsieur,\n\n"
        f"Je vous adresse ma candidature à l'offre {named}, publiée sur PASS.\n\n"
        "Vous trouverez ci-joints mon CV et ma lettre de motivation.\n\n"
        "Je me tiens à votre disposition pour un entretien.\n\n"
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\n\n"
    )


def mailto(offer: Offer) -> str:
    """A mail to the contact with « Candidature – reference – title » as its subject and a
    letter to complete as its body; every part percent-encoded, so a title with « & », « ? »
    or « # » cannot add or cut fields. A title too long for the address is left out of the
    body, then cut in the subject."""
    address = f"mailto:{quote(offer.contact_email, safe='@')}"
    subject = f"Candidature – {offer.reference} – {offer.title}"
    for body in (mail_body(offer), mail_body(offer, with_title=False)):
        href = f"{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
        if len(href) <= MAILTO_MAX:
            return href
    return f"{address}?subject={quote(subject[:100], safe='')}&body={quote(body, safe='')}"


def contact_action(offer: Offer) -> ContactAction | None:
    """« Écrire au recruteur » when the offer has an e-mail address, else its web address or
    its telephone as the contact block shows them; None when it has none of them."""
    if offer.contact_email:
        return ContactAction("Écrire au recruteur", mailto(offer))
    if offer.contact_url:
        return ContactAction("Candidater sur le site du recruteur", offer.contact_url, True)
    if offer.contact_phone:
        return ContactAction(
            f"Appeler le recruteur : {offer.contact_phone}",
            f"tel:{offer.contact_phone.replace(' ', '')}",
        )
    return None
