"""Sending queued mails: one job per mail, and a sweep for any the web process could not
enqueue. A mail is claimed before sending and marked sent after, so a retried or duplicated
job does not send it twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from arq import Retry

from models.mail.messages import MailKind, render_mail
from models.mail.outbox import claim_mail, mark_sent, pending_mail_ids, release_mail

__all__ = ["MAX_TRIES", "enqueue_mails", "send_mail", "sweep_pending_mails"]

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


def mail_job_id(mail_id: int) -> str:
    return f"mail:{mail_id}"


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
    try:
        await ctx["mailer"].send(message)
    except Exception as error:
        await release_mail(mail)
        tries = int(ctx.get("job_try", 1))
        log.warning("mail %s not sent (try %s): %s", mail_id, tries, type(error).__name__)
        if tries >= MAX_TRIES:
            raise
        raise Retry(defer=min(600, 5 * 2**tries)) from error
    await mark_sent(mail)
    return "sent"


async def enqueue_mails(redis: Any, mail_ids: list[int]) -> None:
    for mail_id in mail_ids:
        # The job id makes a second enqueue of the same mail a no-op while the first is known.
        await redis.enqueue_job("send_mail", mail_id, _job_id=mail_job_id(mail_id))


async def sweep_pending_mails(ctx: dict[str, Any]) -> int:
    """Enqueues mails left unsent for a minute (Redis was down, a process died…)."""
    ids = await pending_mail_ids(older_than=timedelta(minutes=1))
    await enqueue_mails(ctx["redis"], ids)
    return len(ids)
