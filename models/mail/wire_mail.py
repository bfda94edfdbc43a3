"""A mail written straight to the bytes it goes over SMTP as: those of
`wire_bytes(render_mail(...))`, without building the message.

Building an `EmailMessage` (setting its content, making it multipart, adding the HTML part)
was a third of what the worker spent on an alert mail, for a structure that is the same in
every mail. Here that structure is written once, from a message built by `render_mail`'s own
`fill_alternative`, and each mail only adds its headers (folded once per value, see
`models.mail.policy`) and its two texts, quoted-printable encoded as the `email` package
encodes them. `tests/mail/test_wire_mail.py` checks the bytes are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email import quoprimime
from email.headerregistry import AddressHeader
from email.message import EmailMessage
from functools import cache
from typing import Any

from models.mail.messages import BOUNDARY, MailKind, fill_alternative, render_texts, top_headers
from models.mail.policy import MAIL_POLICY
from models.mail.wire import WIRE_POLICY

__all__ = ["WireMail", "render_wire"]

_NL = b"\r\n"
_LINE_ENDS = re.compile(r"\r\n|\r|\n")  # the generator's own (email.generator.NLCRE)
_CHARSET = "utf-8"
_MAX_LINE = MAIL_POLICY.max_line_length or 78  # set: the standard policy's 78
# Headers from which an SMTP client takes the envelope besides From and To.
_ENVELOPE_HEADERS = frozenset({"sender", "cc", "bcc"})


@dataclass(frozen=True, slots=True)
class WireMail:
    """A mail ready for SMTP: its envelope, and its bytes (CRLF line ends, 7-bit)."""

    sender: str  # the envelope's sender: the From address
    recipients: tuple[str, ...]  # the To addresses
    to: str  # as the To header says it, for the logs
    message_id: str
    data: bytes


@dataclass(frozen=True, slots=True)
class _Skeleton:
    mime_headers: bytes  # the top level's MIME headers and the blank line after them
    text_start: bytes  # the boundary and the text part's headers
    html_start: bytes  # between the two texts: the boundary and the HTML part's headers
    end: bytes


@cache
def _skeleton() -> _Skeleton:
    """What every mail's MIME structure writes, taken from a message built the standard way."""
    message = EmailMessage(policy=MAIL_POLICY)
    fill_alternative(message, "", "")
    text_part, html_part = message.iter_parts()
    delimiter = b"--" + BOUNDARY.encode("ascii")
    return _Skeleton(
        mime_headers=_folded(message.raw_items()) + _NL,
        text_start=delimiter + _NL + _folded(text_part.raw_items()) + _NL,
        html_start=_NL + delimiter + _NL + _folded(html_part.raw_items()) + _NL,
        end=_NL + delimiter + b"--" + _NL,
    )


def _folded(items: Iterable[tuple[str, Any]]) -> bytes:
    return b"".join(WIRE_POLICY.fold_binary(name, value) for name, value in items)


def _quoted_printable(text: str) -> bytes:
    """As `set_content(text, charset="utf-8", cte="quoted-printable")` encodes it
    (email.contentmanager._encode_text), with the line ends written for SMTP."""
    body = b"\n".join(text.encode(_CHARSET).splitlines()) + b"\n"
    encoded = quoprimime.body_encode(body.decode("latin-1"), _MAX_LINE)
    return _LINE_ENDS.sub("\r\n", encoded).encode("ascii")


def render_wire(
    kind: MailKind,
    *,
    to: str,
    sender: str,
    context: Mapping[str, object],
    message_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> WireMail | None:
    """The mail `render_mail` builds with these arguments, as SMTP bytes; None when only the
    message `render_mail` builds can be sent (addresses that need SMTPUTF8, headers that
    change the envelope: send that one instead)."""
    names = [name.lower() for name in headers or ()]
    if any(name in _ENVELOPE_HEADERS or name.startswith("resent-") for name in names):
        return None
    subject, text, html = render_texts(kind, context)
    folded: list[bytes] = []
    by_name: dict[str, Any] = {}
    for name, value in top_headers(
        to=to, sender=sender, subject=subject, message_id=message_id, headers=headers
    ):
        line = _plain_line(name, value)
        if line is None:
            name, value = MAIL_POLICY.header_store_parse(name, value)
            line = WIRE_POLICY.fold_binary(name, value)
        folded.append(line)
        by_name[name.lower()] = value
    senders, recipients = _addresses(by_name["from"]), _addresses(by_name["to"])
    if len(senders) != 1 or not recipients or not "".join([*senders, *recipients]).isascii():
        return None
    skeleton = _skeleton()
    data = b"".join(
        [
            *folded,
            skeleton.mime_headers,
            skeleton.text_start,
            _quoted_printable(text),
            skeleton.html_start,
            _quoted_printable(html),
            skeleton.end,
        ]
    )
    return WireMail(
        sender=senders[0],
        recipients=recipients,
        to=str(by_name["to"]),
        message_id=str(by_name["message-id"]),
        data=data,
    )


def _addresses(header: object) -> tuple[str, ...]:
    if type(header) is str:  # a plain address (_plain_line), not a header (a str too)
        return (header,)
    assert isinstance(header, AddressHeader)
    return tuple(address.addr_spec for address in header.addresses)


# Values every mail has its own of (its address, its Message-ID) that the email package would
# write back as given: parsing and folding them costs more than the rest of the headers.
# A plain address (a dot-atom: its own addr-spec), or a `<…>` id of the same characters.
_ATOMS = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
_PLAIN_ADDRESS = re.compile(rf"{_ATOMS}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PLAIN_ID = re.compile(rf"<{_ATOMS}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*>")
_PLAIN = {"to": _PLAIN_ADDRESS, "message-id": _PLAIN_ID}


def _plain_line(name: str, value: str) -> bytes | None:
    """`Name: value` as the policy folds it, for a value it leaves as it is (one short line
    of a plain address or id, nothing to encode); None for any other."""
    plain = _PLAIN.get(name.lower())
    if plain is None or len(name) + 2 + len(value) > _MAX_LINE or not plain.fullmatch(value):
        return None
    return f"{name}: {value}\r\n".encode("ascii")
