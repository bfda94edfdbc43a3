"""How a candidate reaches the recruiter of an offer: the one main action of its page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from models.offers import Offer

__all__ = ["ContactAction", "contact_action", "mailto"]


@dataclass(frozen=True, slots=True)
class ContactAction:
    label: str
    href: str
    external: bool = False  # a web address, opened in a new tab


def mailto(offer: Offer) -> str:
    """A mail to the contact with « Candidature – reference – title » as its subject; both
    parts percent-encoded, so a title with « & », « ? » or « # » cannot add or cut fields."""
    subject = f"Candidature – {offer.reference} – {offer.title}"
    return f"mailto:{quote(offer.contact_email, safe='@')}?subject={quote(subject, safe='')}"


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
