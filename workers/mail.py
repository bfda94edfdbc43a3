"""Sending queued mails: one job per mail or per batch (one SMTP connection for the batch), and
a sweep for any the web process could not enqueue. A mail is claimed before sending and marked
sent after, so a retried or duplicated job does not send it twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from arq import Retry

from models.jobs import enqueue_jobs
from models.mail import (
    SEND_MAIL,
    Mail,
    Mailer,
    MailKind,
    OutgoingMail,
    claim_mail,
    claim_mails,
    mark_sent,
    pending_mail_ids,
    release_mail,
    release_mails,
    render_mail,
    render_wire,
)

__all__ = ["MAX_TRIES", "send_mail", "send_mails", "sweep_pending_mails"]

log = logging.getLogger(__name__)

MAX_TRIES = 8


def _list_headers(context: dict[str, Any]) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058) for alert mails."""
    url = context.get("unsubscribe_url")
    if not url:
        return {}
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(ctx: dict[str, Any], mail: OutgoingMail) -> Mail:
    """The mail written straight to its SMTP bytes, else (an address that needs SMTPUTF8)
    as a message for the mailer to write."""
    arguments: dict[str, Any] = {
        "to": mail.to_address,
        "sender": ctx["mail_from"],
        "context": mail.context,
        "message_id": mail.message_id,
        "headers": _list_headers(mail.context),
    }
    kind = MailKind(mail.kind)
    return render_wire(kind, **arguments) or render_mail(kind, **arguments)


async def send_mail(ctx: dict[str, Any], mail_id: int) -> str:
    mail = await claim_mail(mail_id)
    if mail is None:
        return "already sent or being sent"
    message = _message(ctx, mail)
    mailer: Mailer = ctx["mailer"]
    try:
        await mailer.send(message)
    except Exception as error:
        await release_mail(mail)
        tries = int(ctx.get("job_try", 1))
        log.warning("mail %s not sent (try %s): %s", mail_id, tries, type(error).__name__)
        if tries >= MAX_TRIES:
            raise
        raise Retry(defer=min(600, 5 * 2**tries)) from error
    await mark_sent(mail)
    return "sent"


async def send_mails(ctx: dict[str, Any], mail_ids: list[int]) -> str:
    """A batch: those still unsent go over one connection; a retry takes only the failed."""
    mails = await claim_mails(mail_ids)
    if not mails:
        return "already sent or being sent"
    mailer: Mailer = ctx["mailer"]
    failed: list[OutgoingMail] = []
    error: Exception | None = None
    position = 0
    async for outcome in mailer.send_each([_message(ctx, mail) for mail in mails]):
        mail = mails[position]
        position += 1
        if outcome is None:
            # At once, not at the end: a worker killed mid-batch resends one mail, not all.
            await mark_sent(mail)
        else:
            failed.append(mail)
            error = error or outcome
    if error is None:
        return f"{len(mails)} sent"
    await release_mails(failed)
    tries = int(ctx.get("job_try", 1))
    log.warning(
        "%s of %s mails not sent (try %s): %s",
        len(failed),
        len(mails),
        tries,
        type(error).__name__,
    )
    if tries >= MAX_TRIES:
        raise error
    raise Retry(defer=min(600, 5 * 2**tries)) from error


async def sweep_pending_mails(ctx: dict[str, Any]) -> int:
    """Enqueues mails left unsent for a minute (Redis was down, a process died…)."""
    ids = await pending_mail_ids(older_than=timedelta(minutes=1))
    await enqueue_jobs(SEND_MAIL, ids)
    return len(ids)
