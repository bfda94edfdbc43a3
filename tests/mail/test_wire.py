"""Mails as they go over SMTP: written faster than by the standard generator, but the same."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import pytest

from models.mail.messages import MailKind, render_mail
from models.mail.wire import WIRE_POLICY, wire_bytes
from server.mailers import SmtpMailer
from tests.mail.test_mail import CONTEXTS, SENDER, TO, _render
from tests.mail_server import MailCatcher, mail_catcher, text_of  # noqa: F401


def _parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.parametrize("kind", list(MailKind))
def test_every_kind_is_written_as_the_standard_generator_writes_it(kind: MailKind) -> None:
    message = _render(kind)
    assert wire_bytes(message) == message.as_bytes(policy=email.policy.SMTP)


def test_mails_sharing_headers_keep_their_own() -> None:
    """Header values are parsed once and shared between mails: each still says its own."""
    context = CONTEXTS[MailKind.PASSWORD_CHANGED]
    first, other, again = (
        render_mail(MailKind.PASSWORD_CHANGED, to=to, sender=SENDER, context=context)
        for to in (TO, "Léa <lea@example.org>", TO)
    )
    read = [_parsed(wire_bytes(m)) for m in (first, other, again)]
    assert [m["To"] for m in read] == [TO, "Léa <lea@example.org>", TO]
    assert len({m["Message-ID"] for m in read}) == 3
    assert read[0]["Subject"] == read[1]["Subject"] == "Votre mot de passe a été modifié"


def test_the_boundary_typed_by_a_candidate_does_not_split_the_mail() -> None:
    typed = "--=_pass_alternative--"
    message = render_mail(
        MailKind.OFFER_ALERT, to=TO, sender=SENDER,
        context={**CONTEXTS[MailKind.OFFER_ALERT], "first_name": typed},
    )  # fmt: skip
    read = _parsed(wire_bytes(message))
    parts = list(read.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert f"Bonjour {typed}" in text_of(read)


def test_other_shapes_go_through_the_standard_generator() -> None:
    attached = _render(MailKind.WELCOME)
    attached.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="cv.pdf")
    plain = EmailMessage()
    plain["From"], plain["To"], plain["Subject"] = SENDER, TO, "Écrit en huit bits"
    plain.set_content("Déjà là.", cte="8bit")
    for message in (attached, plain):
        assert wire_bytes(message) == message.as_bytes(policy=WIRE_POLICY)
        assert wire_bytes(message).isascii()  # 7-bit, whatever the server offers
    assert "Déjà là." in _parsed(wire_bytes(plain)).get_content()


async def test_hidden_copies_reach_their_recipient_without_showing(
    mail_catcher: MailCatcher,  # noqa: F811
) -> None:
    message = _render(MailKind.PASSWORD_CHANGED)
    message["Bcc"] = "archives@example.org"
    await SmtpMailer(mail_catcher.url).send(message)
    [received] = await mail_catcher.wait_for(1)
    assert mail_catcher.caught[0].recipients == ("zoe.martin@example.org", "archives@example.org")
    assert received["Bcc"] is None
