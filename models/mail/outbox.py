"""Queueing mails with the change they report, and handing them to whoever sends them.

Domain operations call `queue_mail` inside their transaction, then `dispatch` once it has
committed, which asks the job queue (models.jobs) for a `send_mail` job per mail; without a
queue (scripts, most tests) mails wait in the table, where the worker's periodic sweep finds
them.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta

from models.clock import now
from models.jobs import enqueue_jobs
from models.mail.tables import OutgoingMail

__all__ = [
    "CLAIM_SECONDS",
    "SEND_MAIL",
    "claim_mail",
    "dispatch",
    "mark_sent",
    "pending_mail_ids",
    "queue_mail",
    "release_mail",
    "use_claim_seconds",
]

CLAIM_SECONDS = 120
SEND_MAIL = "send_mail"  # the job that sends one mail (workers.mail)

_claim_seconds = CLAIM_SECONDS


def use_claim_seconds(seconds: int) -> None:
    """How long a send holds its mail. The worker sets its job timeout: a send cannot outlive
    it, and a job killed with its worker runs again only after it (arq's in-progress key)."""
    global _claim_seconds
    _claim_seconds = seconds


async def queue_mail(kind: str, to: str, context: Mapping[str, object]) -> OutgoingMail:
    return await OutgoingMail.create(
        kind=kind,
        to_address=to,
        context=dict(context),
        message_id=f"<{secrets.token_hex(16)}@pass>",
    )


async def dispatch(mails: Sequence[OutgoingMail]) -> None:
    """After commit: hand the mails to the sender. A failure here loses nothing (see sweep)."""
    if mails:
        await enqueue_jobs(SEND_MAIL, [m.id for m in mails])


async def claim_mail(mail_id: int) -> OutgoingMail | None:
    """Takes the mail for sending, unless it is sent or another run holds it."""
    moment = now()
    claimed = (
        await OutgoingMail.filter(id=mail_id, sent_at__isnull=True)
        .filter(claimed_until__isnull=True)
        .update(claimed_until=moment + timedelta(seconds=_claim_seconds))
    ) or (
        await OutgoingMail.filter(
            id=mail_id, sent_at__isnull=True, claimed_until__lt=moment
        ).update(claimed_until=moment + timedelta(seconds=_claim_seconds))
    )
    if not claimed:
        return None
    return await OutgoingMail.get_or_none(id=mail_id)


async def mark_sent(mail: OutgoingMail) -> None:
    await OutgoingMail.filter(id=mail.id).update(sent_at=now(), context={}, claimed_until=None)


async def release_mail(mail: OutgoingMail) -> None:
    """After a failed attempt: another run may try again at once."""
    await OutgoingMail.filter(id=mail.id).update(claimed_until=None, attempts=mail.attempts + 1)


async def pending_mail_ids(older_than: timedelta) -> list[int]:
    moment = now()
    mails = await OutgoingMail.filter(
        sent_at__isnull=True, created_at__lt=moment - older_than
    ).only("id")
    return [m.id for m in mails]
