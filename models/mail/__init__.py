"""Mails to candidates: the French texts they receive and the queue of those waiting to go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.mail.mailer import Mail, Mailer
    from models.mail.messages import MailKind, render_mail
    from models.mail.outbox import (
        CLAIM_SECONDS,
        SEND_MAIL,
        SEND_MAILS,
        claim_mail,
        claim_mails,
        dispatch,
        mark_sent,
        pending_mail_ids,
        release_mail,
        release_mails,
        use_claim_seconds,
    )
    from models.mail.tables import OutgoingMail
    from models.mail.wire import wire_bytes
    from models.mail.wire_mail import WireMail, render_wire

__all__ = [
    "CLAIM_SECONDS",
    "SEND_MAIL",
    "SEND_MAILS",
    "Mail",
    "MailKind",
    "Mailer",
    "OutgoingMail",
    "WireMail",
    "claim_mail",
    "claim_mails",
    "dispatch",
    "mark_sent",
    "pending_mail_ids",
    "release_mail",
    "release_mails",
    "render_mail",
    "render_wire",
    "use_claim_seconds",
    "wire_bytes",
]

__getattr__ = exports_of(__name__, __file__)
