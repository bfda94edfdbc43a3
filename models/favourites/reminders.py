"""The deadline reminder: one mail per candidate and run listing every saved offer (reminder
on) whose application deadline is at most REMINDER_DAYS away, each offer mailed once.

A run claims its rows by stamping `reminded_at` where it is still empty, then reads back the
rows bearing its own stamp and queues the mail, all in one transaction: a second run at the
same time, or a retried job, finds nothing left to claim and sends nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.clock import PARIS, now, today
from models.favourites.tables import SavedOffer
from models.mail.outbox import queue_mail
from models.mail.tables import OutgoingMail
from models.offers.tables import OfferStatus
from models.offers.wording import french_date, place
from models.reference.labels import vocabulary
from models.site_paths import SAVED_OFFERS, offer_path

__all__ = ["REMINDER_DAYS", "REMINDER_HOUR", "send_deadline_reminders"]

REMINDER_DAYS = 3
# Mails land in the morning (Paris time); an hourly job catches up a worker down at that hour.
REMINDER_HOUR = 8


def _due(day: date) -> dict[str, object]:
    return {
        "remind": True,
        "reminded_at__isnull": True,
        "offer__status": OfferStatus.PUBLISHED,
        "offer__expires_on__gte": day,
        "offer__expires_on__lte": day + timedelta(days=REMINDER_DAYS),
    }


async def send_deadline_reminders(moment: datetime | None = None) -> list[OutgoingMail]:
    local = (moment or now()).astimezone(PARIS)
    if local.hour < REMINDER_HOUR:
        return []
    day = local.date() if moment is not None else today()
    candidates = (
        await SavedOffer.filter(**_due(day))
        .distinct()
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
    )
    mails = []
    for candidate_id in candidates:
        mail = await _remind(int(candidate_id), day)  # type: ignore[call-overload]
        if mail is not None:
            mails.append(mail)
    return mails


async def _remind(candidate_id: int, day: date) -> OutgoingMail | None:
    async with in_transaction():
        stamp = now()
        due = await SavedOffer.filter(candidate_id=candidate_id, **_due(day)).values_list(
            "id", flat=True
        )
        if not due:
            return None
        claimed = await SavedOffer.filter(id__in=list(due), reminded_at__isnull=True).update(
            reminded_at=stamp
        )
        if not claimed:
            return None
        rows = (
            await SavedOffer.filter(candidate_id=candidate_id, reminded_at=stamp)
            .select_related("offer", "candidate")
            .order_by("offer__expires_on", "-id")
        )
        if not rows:
            return None
        return await queue_mail(
            "offer_deadline_reminder", rows[0].candidate.email, await _context(rows)
        )


async def _context(rows: list[SavedOffer]) -> dict[str, object]:
    words = await vocabulary()
    site = account_config().site_url
    return {
        "site_url": site,
        "first_name": rows[0].candidate.first_name,
        "saved_offers_url": site + SAVED_OFFERS,
        "offers": [
            {
                "title": row.offer.title,
                "reference": row.offer.reference,
                "administration": words.administrations.get(
                    row.offer.administration_id,  # type: ignore[attr-defined]
                    "",
                ),
                "place": place(row.offer, words),
                "deadline": french_date(row.offer.expires_on),
                "url": site + offer_path(row.offer.reference),
            }
            for row in rows
        ],
    }
