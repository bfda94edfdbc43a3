"""Sending queued mails: one job per mail, and a sweep for any the web process could not
enqueue. A mail is claimed before sending and marked sent after, so a retried or duplicated
job does not send it twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from arq import Retry

from models.jobs import enqueue_jobs
from models.mail import (
    SEND_MAIL,
    Mailer,
    MailKind,
    claim_mail,
    mark_sent,
    pending_mail_ids,
    release_mail,
    render_mail,
)

__all__ = ["MAX_TRIES", "send_mail", "sweep_pending_mails"]

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


async def send_mail(ctx: dict[str, Any], mail_id: int) -> str:
    mail = await claim_mail(mail_id)
    if mail is None:
        return "already sent or being sent"
    message = render_mail(
        MailKind(mail.kind),
        to=mail.to_address,
        sender=ctx["mail_from"],
        context=mail.context,
        message_id=mail.message_id,
        headers=_list_headers(mail.context),
    )
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


async def sweep_pending_mails(ctx: dict[str, Any]) -> int:
    """Enqueues mails left unsent for a minute (Redis was down, a process died…)."""
    ids = await pending_mail_ids(older_than=timedelta(minutes=1))
    await enqueue_jobs(SEND_MAIL, ids)
    return len(ids)
