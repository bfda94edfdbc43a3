"""Saving an offer, removing it, its deadline reminder, and the candidate's list of them.

Saving is idempotent (the same offer twice is one row) and capped; an offer is saved only
while it is open to applications, and stays listed, marked, once it has expired or been
withdrawn. Another candidate's list is out of reach by construction: every query is the
candidate's own.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from enum import StrEnum

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.tables import Account, AccountRole
from models.clock import today
from models.errors import ErrorCode, UserErrors
from models.favourites.tables import SavedOffer
from models.offers.errors import OfferErrorCode
from models.offers.queries import get_offer, is_expired
from models.offers.tables import Offer, OfferStatus

__all__ = [
    "MAX_SAVED_OFFERS",
    "MAX_SAVED_OFFERS_PAGE",
    "InvalidSavedOffersCursor",
    "SavedOfferState",
    "SavedOfferView",
    "SavedOffersPage",
    "save_offer",
    "saved_offer_references",
    "saved_offer_view",
    "saved_offers_of",
    "set_offer_reminder",
    "unsave_offer",
]

MAX_SAVED_OFFERS = 200
_REFERENCE_LENGTH: int = Offer._meta.fields_map["reference"].max_length  # type: ignore[attr-defined]
MAX_SAVED_OFFERS_PAGE = 100
_CURSOR_PREFIX = "fav1:"


class SavedOfferState(StrEnum):
    OPEN = "open"  # published and before its end date
    EXPIRED = "expired"  # its end date passed (archived by the hourly job or not yet)
    WITHDRAWN = "withdrawn"  # archived by its recruiter before its end date


class InvalidSavedOffersCursor(ValueError):
    """Not a cursor of `saved_offers_of`."""


def state_of(offer: Offer) -> SavedOfferState:
    if offer.expires_on is not None and offer.expires_on < today():
        return SavedOfferState.EXPIRED
    if offer.status is OfferStatus.ARCHIVED:
        return SavedOfferState.WITHDRAWN
    return SavedOfferState.OPEN


@dataclass(frozen=True, slots=True)
class SavedOfferView:
    saved: SavedOffer
    offer: Offer
    state: SavedOfferState

    @property
    def cursor(self) -> str:
        """Where a page that ends on this one resumes (`after`)."""
        return _encode(self.saved)


async def saved_offer_view(saved: SavedOffer) -> SavedOfferView:
    """A saved offer as the list shows it, for the answer of a save."""
    offer = await Offer.get(id=saved.offer_id)  # type: ignore[attr-defined]
    return SavedOfferView(saved=saved, offer=offer, state=state_of(offer))


@dataclass(frozen=True, slots=True)
class SavedOffersPage:
    items: list[SavedOfferView]
    total_count: int
    has_next_page: bool
    cursors: list[str]

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def _not_found(reference: str) -> UserErrors:
    return UserErrors.one(
        "reference", ErrorCode.NOT_FOUND, f"Aucune offre ne porte la référence « {reference} »."
    )


def _could_be_reference(reference: str) -> bool:
    # Longer than the column, Tortoise refuses the filter itself: no offer has it anyway.
    return 0 < len(reference) <= _REFERENCE_LENGTH


async def _public_offer(reference: str) -> Offer:
    """A published or archived offer; a draft or an unknown reference is « introuvable »."""
    offer = await get_offer(reference) if _could_be_reference(reference) else None
    if offer is None:
        raise _not_found(reference[:40])
    return offer


async def save_offer(candidate: Account, reference: str, *, remind: bool = False) -> SavedOffer:
    """Saves the offer, or, already saved, keeps it as it was with its reminder set to
    `remind`. Refused for an offer no longer open that was not saved before, and beyond
    MAX_SAVED_OFFERS."""
    if candidate.role is not AccountRole.CANDIDATE:
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Seuls les comptes candidats sauvegardent des offres."
        )
    offer = await _public_offer(reference)
    existing = await SavedOffer.get_or_none(candidate=candidate, offer=offer)
    if existing is not None:
        return await _set_remind(existing, remind)
    if is_expired(offer):
        raise UserErrors.one(
            "reference",
            OfferErrorCode.ARCHIVED,
            "Cette offre n'est plus ouverte aux candidatures : elle ne peut plus être sauvegardée.",
        )
    try:
        async with in_transaction():
            # Serialises one candidate's saves (on PostgreSQL; SQLite has one writer), so that
            # the cap holds when several tabs save at once.
            await Account.select_for_update().filter(id=candidate.id).first()
            if await SavedOffer.filter(candidate=candidate).count() >= MAX_SAVED_OFFERS:
                raise UserErrors.one(
                    None,
                    ErrorCode.LIMIT_REACHED,
                    f"Vous avez déjà sauvegardé {MAX_SAVED_OFFERS} offres : retirez-en une pour "
                    "en sauvegarder une autre.",
                )
            return await SavedOffer.create(candidate=candidate, offer=offer, remind=remind)
    except IntegrityError:
        # The same offer saved at the same moment from another tab: one row, as asked.
        again = await SavedOffer.get(candidate=candidate, offer=offer)
        return await _set_remind(again, remind)


async def _set_remind(saved: SavedOffer, remind: bool) -> SavedOffer:
    if saved.remind != remind:
        saved.remind = remind
        await saved.save(update_fields=["remind"])
    return saved


async def unsave_offer(candidate: Account, reference: str) -> None:
    """Removes the offer from the candidate's saved offers; one not saved stays so (harmless),
    an unknown reference is « introuvable »."""
    removed = (
        await SavedOffer.filter(candidate=candidate, offer__reference=reference).delete()
        if _could_be_reference(reference)
        else 0
    )
    if not removed:
        await _public_offer(reference)


async def set_offer_reminder(candidate: Account, reference: str, remind: bool) -> SavedOffer:
    """Switches the deadline reminder of an offer the candidate saved; another's, or one not
    saved, is « introuvable »."""
    saved = (
        await SavedOffer.get_or_none(candidate=candidate, offer__reference=reference)
        if _could_be_reference(reference)
        else None
    )
    if saved is None:
        raise UserErrors.one(
            "reference", ErrorCode.NOT_FOUND, "Cette offre n'est pas dans vos offres sauvegardées."
        )
    return await _set_remind(saved, remind)


async def saved_offer_references(candidate: Account, references: list[str]) -> set[str]:
    """Which of these offers the candidate saved (for the stars of a page of cards)."""
    if not references:
        return set()
    rows = await SavedOffer.filter(
        candidate=candidate,
        offer__reference__in=[
            r for r in references[:MAX_SAVED_OFFERS_PAGE] if _could_be_reference(r)
        ],
    ).values_list("offer__reference", flat=True)
    return {str(r) for r in rows}


def _encode(saved: SavedOffer) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{saved.id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        number = int(text.removeprefix(_CURSOR_PREFIX))
        if not 0 < number < 2**31:  # row ids are 32-bit integers
            raise ValueError(text)
        return number
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidSavedOffersCursor("not a cursor of savedOffers") from None


async def saved_offers_of(
    candidate: Account, *, first: int = 20, after: str | None = None, offset: int = 0
) -> SavedOffersPage:
    """The candidate's saved offers, most recently saved first (rows are numbered in the order
    they are saved, and saving again does not move one), `first` at a time: after a cursor
    (the API) or from an offset (the site's numbered pages)."""
    if not 1 <= first <= MAX_SAVED_OFFERS_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_SAVED_OFFERS_PAGE}")
    mine = SavedOffer.filter(candidate=candidate)
    total = await mine.count()
    found = mine
    if after is not None:
        found = found.filter(id__lt=_decode(after))
    rows = (
        await found.order_by("-id").offset(max(0, offset)).limit(first + 1).select_related("offer")
    )
    page, more = rows[:first], len(rows) > first
    items = [SavedOfferView(saved=s, offer=s.offer, state=state_of(s.offer)) for s in page]
    return SavedOffersPage(items, total, more, [_encode(s) for s in page])
