"""Reading single offers and what hangs off them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from models.clock import today
from models.offers.tables import Offer, OfferAttachment, OfferStatus

__all__ = [
    "MAX_ROW_ID",
    "attachment_of",
    "attachments_by_offer",
    "could_be_reference",
    "get_offer",
    "get_offers",
    "is_expired",
]

# Row ids are PostgreSQL `integer` / SQLite integers: beyond this no row can have them, and
# PostgreSQL would refuse the query rather than find nothing.
MAX_ROW_ID = 2**31 - 1
_REFERENCE_LENGTH: int = Offer._meta.fields_map["reference"].max_length  # type: ignore[attr-defined]


def could_be_reference(value: str) -> bool:
    """Whether a value could name an offer. Tortoise refuses a value longer than the column
    and PostgreSQL a NUL in text, each with an error: such a value names no offer."""
    return 0 < len(value) <= _REFERENCE_LENGTH and value.isprintable()


async def get_offer(reference: str) -> Offer | None:
    """A published or archived offer by its reference; drafts are nobody's business yet, and
    an offer archived without ever being published (it has no publication number) stays so."""
    if not could_be_reference(reference):
        return None
    return await Offer.filter(
        reference=reference,
        status__in=[OfferStatus.PUBLISHED, OfferStatus.ARCHIVED],
        seq__not_isnull=True,
    ).first()


async def get_offers(references: Sequence[str]) -> list[Offer]:
    return await Offer.filter(
        reference__in=[r for r in references if could_be_reference(r)],
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
    if not 0 < attachment_id <= MAX_ROW_ID:
        return None
    offer = await get_offer(reference)
    if offer is None:
        return None
    return await OfferAttachment.filter(id=attachment_id, offer=offer).first()
