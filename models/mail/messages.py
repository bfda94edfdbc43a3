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

__all__ = ["MailKind", "load_templates", "render_mail"]


class MailKind(StrEnum):
    WELCOME = "welcome"
    EMAIL_CHANGE_CONFIRM = "email_change_confirm"
    EMAIL_CHANGE_NOTICE = "email_change_notice"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    ACCOUNT_DELETED = "account_deleted"
    OFFER_ALERT = "offer_alert"
    OFFER_DIGEST = "offer_digest"
    STAFF_INVITATION = "staff_invitation"
    RECRUITER_INVITATION = "recruiter_invitation"


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


_BOUNDARY = "=_pass_alternative"


def _message_id_domain(sender: str) -> str:
    _, address = email.utils.parseaddr(sender)
    domain = address.rpartition("@")[2]
    if "@" not in address or not domain:
        # make_msgid() without a domain asks DNS for this host's name, which can hang.
        raise ValueError(f"the sender address has no domain: {sender!r}")
    return domain


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
    """
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

    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(now())
    message["Message-ID"] = message_id or email.utils.make_msgid(domain=_message_id_domain(sender))
    # Tells auto-responders (out-of-office replies) not to answer a robot.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        message[name] = value
    # Quoted-printable keeps the message 7-bit clean, whatever the relay supports.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    # One boundary for every mail: quoted-printable text never holds "=_" (an "=" is always
    # followed by two hex digits or a line end), so it cannot hold the boundary either, and
    # the generator need not search the text for one that it does not.
    message.make_alternative(boundary=_BOUNDARY)
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # Set last: set_content() and add_alternative() clear or move every Content-* header.
    message["Content-Language"] = "fr"
    return message
