"""Reading single offers and what hangs off them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from models.clock import today
from models.offers.tables import Offer, OfferAttachment, OfferStatus

__all__ = ["attachment_of", "attachments_by_offer", "get_offer", "get_offers", "is_expired"]


async def get_offer(reference: str) -> Offer | None:
    """A published or archived offer by its reference; drafts are nobody's business yet, and
    an offer archived without ever being published (it has no publication number) stays so."""
    return await Offer.filter(
        reference=reference,
        status__in=[OfferStatus.PUBLISHED, OfferStatus.ARCHIVED],
        seq__not_isnull=True,
    ).first()


async def get_offers(references: Sequence[str]) -> list[Offer]:
    return await Offer.filter(
        reference__in=list(references),
        status__in=[OfferStatus.PUBLISHED, OfferStatus.ARCHIVED],
        seq__not_isnull=True,
    )


def is_expired(offer: Offer, on: date | None = None) -> bool:
    """Past its end date or withdrawn: still readable at its address, gone from the results."""
    if offer.status is OfferStatus.ARCHIVED:
        return True
    return offer.expires_on is not None and offer.expires_on < (on or today())


async def attachments_by_offer(offer_ids: Sequence[int]) -> dict[int, list[OfferAttachment]]:
    found: defaultdict[int, list[OfferAttachment]] = defaultdict(list)
    for attachment in await OfferAttachment.filter(offer_id__in=list(offer_ids)).order_by("id"):
        found[attachment.offer_id].append(attachment)  # type: ignore[attr-defined]
    return found


async def attachment_of(reference: str, attachment_id: int) -> OfferAttachment | None:
    """An attachment of the offer shown at this reference, as its page links to it."""
    offer = await get_offer(reference)
    if offer is None:
        return None
    return await OfferAttachment.filter(id=attachment_id, offer=offer).first()
