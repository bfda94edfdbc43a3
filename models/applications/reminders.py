"""The follow-up reminder: one mail when an application is still « envoyée » the chosen number
of days after it was written, listing every such application of the candidate at once.

`reminded_at` is set in the transaction that queues the mail, under a lock of the account, so
that two runs at once (or a run retried) mail nothing twice. A candidate gets at most one
reminder a day, whatever the number of runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.tables import Account
from models.applications.tables import Application, ApplicationStatus
from models.applications.tracker import is_offer_open
from models.clock import PARIS, now
from models.mail.outbox import queue_mail
from models.mail.tables import OutgoingMail
from models.offers.wording import french_date
from models.site_paths import APPLICATIONS, offer_path

__all__ = ["REMINDER_HOUR", "due_reminders", "send_due_reminders", "send_reminder"]

# Mails land in the morning, Paris time, not at midnight.
REMINDER_HOUR = 8
# One reminder a day at most: a later run finding others due that day leaves them for tomorrow.
_QUIET = timedelta(hours=20)


def _due(moment: datetime) -> dict[str, object]:
    return {
        "status": ApplicationStatus.SENT,
        "reminded_at__isnull": True,
        "follow_up_on__lte": moment.astimezone(PARIS).date(),
    }


async def due_reminders(moment: datetime | None = None) -> list[int]:
    """The candidates with an application due for its reminder."""
    moment = moment or now()
    if moment.astimezone(PARIS).hour < REMINDER_HOUR:
        return []
    ids = (
        await Application.filter(**_due(moment))
        .distinct()
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
    )
    return [int(i) for i in ids]  # type: ignore[call-overload]


async def send_reminder(candidate_id: int, moment: datetime | None = None) -> OutgoingMail | None:
    moment = moment or now()
    async with in_transaction():
        candidate = await Account.select_for_update().filter(id=candidate_id).first()
        if candidate is None:
            return None
        if await Application.filter(
            candidate_id=candidate_id, reminded_at__gt=moment - _QUIET
        ).exists():
            return None
        due = (
            await Application.filter(candidate_id=candidate_id, **_due(moment))
            .order_by("written_on", "id")
            .prefetch_related("offer")
        )
        if not due:
            return None
        await Application.filter(id__in=[a.id for a in due]).update(reminded_at=moment)
        site = account_config().site_url
        return await queue_mail(
            "application_reminder",
            candidate.email,
            {
                "first_name": candidate.first_name,
                "site_url": site,
                "tracker_url": site + APPLICATIONS,
                "offers": [
                    {
                        "title": a.offer_title,
                        "reference": a.offer_reference,
                        "administration": a.administration_name,
                        "written_on": french_date(a.written_on),
                        "contact": a.contact,
                        "url": site + offer_path(a.offer_reference) if is_offer_open(a) else "",
                    }
                    for a in due
                ],
            },
        )


async def send_due_reminders(moment: datetime | None = None) -> list[OutgoingMail]:
    mails = []
    for candidate_id in await due_reminders(moment):
        mail = await send_reminder(candidate_id, moment)
        if mail is not None:
            mails.append(mail)
    return mails
