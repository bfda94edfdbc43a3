"""Mails written straight to their SMTP bytes (`render_wire`): byte for byte what the message
`render_mail` builds is sent as, and received the same by an SMTP server."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.mail.messages import MailKind, render_mail
from models.mail.wire import wire_bytes
from models.mail.wire_mail import WireMail, render_wire
from server.mailers import OutboxMailer, SmtpMailer
from tests.mail.test_mail import CONTEXTS, SENDER, TO
from tests.mail_server import MailCatcher, html_of, mail_catcher, text_of  # noqa: F401

UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://pass.example.fr/alertes/desabonnement?s=1.2&t=abc>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}
_DATE = re.compile(rb"^Date: [^\r]*\r\n", re.MULTILINE)


def _both(
    kind: MailKind,
    context: Mapping[str, object],
    to: str = TO,
    headers: Mapping[str, str] | None = None,
) -> tuple[bytes, bytes]:
    arguments = {"to": to, "sender": SENDER, "context": context, "headers": headers}
    wire = render_wire(kind, message_id="<fixe.1@pass.example.fr>", **arguments)  # type: ignore[arg-type]
    message = render_mail(kind, message_id="<fixe.1@pass.example.fr>", **arguments)  # type: ignore[arg-type]
    assert wire is not None
    # Both take the time when called: the second may fall in the next second.
    same_date = _DATE.search(wire_bytes(message))
    assert same_date is not None
    return _DATE.sub(same_date[0], wire.data, count=1), wire_bytes(message)


@pytest.mark.parametrize("kind", list(MailKind))
def test_every_kind_is_the_same_bytes_as_the_built_message(kind: MailKind) -> None:
    written, built = _both(kind, CONTEXTS[kind], headers=UNSUBSCRIBE)
    assert written == built


# What a candidate or a recruiter may type, in a name or an offer's title: accents, symbols,
# line ends of every kind, spaces at the end of a line, long words, the boundary itself.
_typed = st.lists(
    st.sampled_from(
        [*"aZ09 é€–«»\t=_-.\r\n<>&\"'", "--=_pass_alternative", "x" * 90, "😀", "  \n"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(first_name=_typed, title=_typed, name=_typed)
def test_whatever_is_typed_the_bytes_are_the_same(first_name: str, title: str, name: str) -> None:
    context = {
        **CONTEXTS[MailKind.OFFER_ALERT],
        "first_name": first_name,
        "offer_title": title,
        "offer_reference": "S-2026-0042",
    }
    searches = context["searches"]
    assert isinstance(searches, list)
    context["searches"] = [{**searches[0], "name": name}]
    written, built = _both(MailKind.OFFER_ALERT, context, to="lea@example.org")
    assert written == built


def test_an_address_that_needs_smtputf8_is_left_to_the_built_message() -> None:
    context = CONTEXTS[MailKind.PASSWORD_CHANGED]
    assert render_wire(MailKind.PASSWORD_CHANGED, to="zoé@exemple.fr", sender=SENDER,
                       context=context) is None  # fmt: skip
    hidden = {"Bcc": "archives@example.org"}
    assert render_wire(MailKind.PASSWORD_CHANGED, to=TO, sender=SENDER, context=context,
                       headers=hidden) is None  # fmt: skip


async def test_received_as_the_built_message_is(mail_catcher: MailCatcher) -> None:  # noqa: F811
    kind, context = MailKind.OFFER_ALERT, CONTEXTS[MailKind.OFFER_ALERT]
    wire = render_wire(kind, to=TO, sender=SENDER, context=context, headers=UNSUBSCRIBE)
    assert isinstance(wire, WireMail)
    built = render_mail(kind, to=TO, sender=SENDER, context=context, headers=UNSUBSCRIBE)
    mailer = SmtpMailer(mail_catcher.url)
    assert [o async for o in mailer.send_each([wire, built])] == [None, None]
    first, second = await mail_catcher.wait_for(2)
    assert [(c.sender, c.recipients) for c in mail_catcher.caught] == [
        ("ne-pas-repondre@pass.example.fr", ("zoe.martin@example.org",))
    ] * 2
    for name in ("From", "To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert first[name] == second[name]
    assert first["To"] == TO
    assert text_of(first) == text_of(second)
    assert html_of(first) == html_of(second)
    assert "Bonjour" in text_of(first)


def test_the_outbox_keeps_the_same_file(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    kind, context = MailKind.WELCOME, CONTEXTS[MailKind.WELCOME]
    wire = render_wire(kind, to=TO, sender=SENDER, context=context, message_id="<a@b.fr>")
    built = render_mail(kind, to=TO, sender=SENDER, context=context, message_id="<a@b.fr>")
    assert wire is not None
    outbox = OutboxMailer(tmp_path)
    assert outbox.path_for(wire) == outbox.path_for(built)
    outbox._write(wire)
    [written] = tmp_path.glob("*.eml")
    assert written.read_bytes() == _DATE.sub(
        _DATE.search(written.read_bytes())[0],  # type: ignore[index]
        wire_bytes(built),
    )


_ADDRESS_LIKE = r"<?[a-z0-9_+-]{1,30}(\.[a-z0-9_-]{1,9})*@[a-z0-9-]{1,20}(\.[a-z]{1,5})*>?"


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(["To", "Message-ID"]),
    value=st.one_of(
        st.lists(st.sampled_from(list('aZ09._+-@<>"(), é=?')), max_size=90).map("".join),
        st.from_regex(_ADDRESS_LIKE, fullmatch=True),
    ),
)
def test_an_address_or_id_written_as_given_is_what_the_policy_folds(name: str, value: str) -> None:
    """The shortcut for plain addresses and ids writes what the email package would."""
    from models.mail.policy import MAIL_POLICY
    from models.mail.wire import WIRE_POLICY
    from models.mail.wire_mail import _plain_line

    line = _plain_line(name, value)
    if line is not None:
        assert line == WIRE_POLICY.fold_binary(*MAIL_POLICY.header_store_parse(name, value))
