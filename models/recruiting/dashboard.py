"""« Mes offres »: a recruiter's offers with what became of them, a page at a time.

A recruiter sees their administration's offers only; an admin every administration's, or one
they pick. For each published offer: how many candidates its instant alerts reached (one
AlertDelivery per candidate and offer) and how many times its page was served to people
(models.offers.visits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.functions import Count

from models.accounts.tables import Account, AccountRole
from models.alerts.tables import AlertDelivery
from models.clock import today
from models.errors import ErrorCode, UserErrors
from models.offers.tables import Offer, OfferStatus
from models.offers.visits import visits_by_offer
from models.reference.labels import vocabulary
from models.reference.tables import Administration

__all__ = [
    "PAGE_SIZE",
    "STATUS_LABELS",
    "DashboardPage",
    "DashboardRow",
    "ShownStatus",
    "administrations",
    "recruiter_offers",
]

PAGE_SIZE = 20


class ShownStatus:
    DRAFT = "brouillon"
    PUBLISHED = "publiée"
    EXPIRED = "expirée"
    ARCHIVED = "archivée"


STATUS_LABELS = {
    OfferStatus.DRAFT: ShownStatus.DRAFT,
    OfferStatus.PUBLISHED: ShownStatus.PUBLISHED,
    OfferStatus.ARCHIVED: ShownStatus.ARCHIVED,
}


@dataclass(frozen=True, slots=True)
class DashboardRow:
    reference: str
    title: str
    status: str  # French, as shown: brouillon, publiée, expirée, archivée
    # Published, past its end date or not: its public page is the one candidates see (an
    # expired one with its « Offre expirée » notice).
    public: bool
    administration: str  # label
    created_at: datetime
    published_at: datetime | None
    expires_on: date | None
    # None for an offer never published (nothing could have been counted).
    alerted_candidates: int | None
    visits: int | None


@dataclass(frozen=True, slots=True)
class DashboardPage:
    rows: list[DashboardRow]
    total: int
    page: int  # from 1
    pages: int
    administration: str | None  # the code the list is restricted to (a recruiter's own)


def _shown_status(offer: Offer, on: date) -> str:
    if offer.status is OfferStatus.PUBLISHED and offer.expires_on and offer.expires_on < on:
        return ShownStatus.EXPIRED
    return STATUS_LABELS[offer.status]


async def _counts(offer_ids: list[int]) -> dict[int, int]:
    if not offer_ids:
        return {}
    rows = (
        await AlertDelivery.filter(offer_id__in=offer_ids)
        .group_by("offer_id")
        .annotate(n=Count("id"))
        .values_list("offer_id", "n")
    )
    return {int(offer_id): int(n) for offer_id, n in rows}


async def recruiter_offers(
    account: Account, *, page: int = 1, administration: str | None = None
) -> DashboardPage:
    """The account's offers, newest first; raises UserErrors for an account that may not see
    them. A recruiter's `administration` is always their own, whatever is asked."""
    if account.role not in (AccountRole.RECRUITER, AccountRole.ADMIN):
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Cette page est réservée aux comptes recruteur."
        )
    if account.role is AccountRole.RECRUITER:
        administration = account.administration_id  # type: ignore[attr-defined]
    elif administration not in (await vocabulary()).administrations:
        administration = None  # an unknown code (typed in the address): every administration
    found = Offer.all()
    if administration:
        found = found.filter(administration_id=administration)
    total = await found.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    offers = (
        await found.order_by("-created_at", "-id")
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .prefetch_related("administration")
    )
    shown = [o.id for o in offers if o.published_at is not None]
    alerted, visits = await _counts(shown), await visits_by_offer(shown)
    day = today()
    rows = [
        DashboardRow(
            reference=o.reference,
            title=o.title,
            status=_shown_status(o, day),
            public=o.status is OfferStatus.PUBLISHED,
            administration=o.administration.label,
            created_at=o.created_at,
            published_at=o.published_at,
            expires_on=o.expires_on,
            alerted_candidates=alerted.get(o.id, 0) if o.published_at else None,
            visits=visits.get(o.id, 0) if o.published_at else None,
        )
        for o in offers
    ]
    return DashboardPage(rows, total, page, pages, administration)


async def administrations() -> list[tuple[str, str]]:
    """(code, label) of every administration, in label order: the admins' filter and the
    invitation form's choices."""
    return [
        (str(c), str(label)) for c, label in await Administration.all().values_list("code", "label")
    ]
