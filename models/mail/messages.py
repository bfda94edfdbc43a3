"""Renders the account e-mails a candidate receives, as multipart (text + HTML) messages.

Each kind has three Jinja2 templates in `templates/`: `{kind}.subject.txt`, `{kind}.txt` and
`{kind}.html`. Only the HTML ones are autoescaped: escaping a plain-text part would show
`&lt;` to the reader, and not escaping the HTML part would let a name inject markup.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from email.message import EmailMessage
from enum import StrEnum
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from models.clock import now
from models.mail.policy import MAIL_POLICY

__all__ = [
    "BOUNDARY",
    "MailKind",
    "fill_alternative",
    "load_templates",
    "render_mail",
    "render_texts",
    "top_headers",
]


class MailKind(StrEnum):
    WELCOME = "welcome"
    EMAIL_CHANGE_CONFIRM = "email_change_confirm"
    EMAIL_CHANGE_NOTICE = "email_change_notice"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    ACCOUNT_DELETED = "account_deleted"
    OFFER_ALERT = "offer_alert"
    OFFER_DIGEST = "offer_digest"
    OFFER_DEADLINE_REMINDER = "offer_deadline_reminder"
    STAFF_INVITATION = "staff_invitation"
    RECRUITER_INVITATION = "recruiter_invitation"
    DATA_EXPORT_READY = "data_export_ready"
    INACTIVITY_WARNING = "inactivity_warning"
    INACTIVE_ACCOUNT_DELETED = "inactive_account_deleted"
    APPLICATION_REMINDER = "application_reminder"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("models.mail", "templates"),
        # A forgotten variable must fail loudly rather than send a mail with a hole in it.
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates ship with the code: no need to stat their files for every mail.
        auto_reload=False,
    )


def load_templates() -> None:
    """Compiles every template now rather than on the first mail of its kind."""
    environment = _environment()
    for kind in MailKind:
        for suffix in ("subject.txt", "txt", "html"):
            environment.get_template(f"{kind.value}.{suffix}")


BOUNDARY = "=_pass_alternative"


def _message_id_domain(sender: str) -> str:
    _, address = email.utils.parseaddr(sender)
    domain = address.rpartition("@")[2]
    if "@" not in address or not domain:
        # make_msgid() without a domain asks DNS for this host's name, which can hang.
        raise ValueError(f"the sender address has no domain: {sender!r}")
    return domain


def render_texts(kind: MailKind, context: Mapping[str, object]) -> tuple[str, str, str]:
    """The subject, plain text and HTML of a mail of `kind`; raises if `context` lacks a
    variable it needs or carries a password."""
    # A password must never travel by e-mail: refuse it even before any template could use it.
    forbidden = [key for key in context if "password" in key.lower()]
    if forbidden:
        raise ValueError(f"a mail context must not carry a password: {forbidden}")

    environment = _environment()
    subject_source = environment.get_template(f"{kind.value}.subject.txt").render(context)
    subject = " ".join(subject_source.split())
    body_context = {**context, "subject": subject}
    text = environment.get_template(f"{kind.value}.txt").render(body_context)
    html = environment.get_template(f"{kind.value}.html").render(body_context)
    return subject, text, html


def top_headers(
    *,
    to: str,
    sender: str,
    subject: str,
    message_id: str | None,
    headers: Mapping[str, str] | None,
) -> list[tuple[str, str]]:
    """The headers of a mail before its MIME ones, in order."""
    return [
        ("From", sender),
        ("To", to),
        ("Subject", subject),
        ("Date", email.utils.format_datetime(now())),
        ("Message-ID", message_id or email.utils.make_msgid(domain=_message_id_domain(sender))),
        # Tells auto-responders (out-of-office replies) not to answer a robot.
        ("Auto-Submitted", "auto-generated"),
        *(headers or {}).items(),
    ]


def render_mail(
    kind: MailKind,
    *,
    to: str,
    sender: str,
    context: Mapping[str, object],
    message_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """Builds the message of `kind` for `to`; raises if `context` lacks a variable it needs.

    Pass a stable `message_id` to make sending idempotent (the outbox keeps one file per id).
    `models.mail.wire_mail.render_wire` writes the same mail straight to its SMTP bytes.
    """
    subject, text, html = render_texts(kind, context)
    message = EmailMessage(policy=MAIL_POLICY)
    for name, value in top_headers(
        to=to, sender=sender, subject=subject, message_id=message_id, headers=headers
    ):
        message[name] = value
    fill_alternative(message, text, html)
    return message


def fill_alternative(message: EmailMessage, text: str, html: str) -> None:
    """The body of every mail: text and HTML as alternatives, then its language."""
    # Quoted-printable keeps the message 7-bit clean, whatever the relay supports.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    # One boundary for every mail: quoted-printable text never holds "=_" (an "=" is always
    # followed by two hex digits or a line end), so it cannot hold the boundary either, and
    # the generator need not search the text for one that it does not.
    message.make_alternative(boundary=BOUNDARY)
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # Set last: set_content() and add_alternative() clear or move every Content-* header.
    message["Content-Language"] = "fr"
