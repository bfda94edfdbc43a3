"""The port mail leaves through: something that delivers a rendered message or raises, so that
the job that called it is retried. The runtime plugs in a folder of .eml files or an SMTP
server (server.mailers)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from email.message import EmailMessage
from typing import Protocol

from models.mail.wire_mail import WireMail

__all__ = ["Mail", "Mailer"]

Mail = EmailMessage | WireMail
"""A message built by `render_mail`, or the same written by `render_wire`."""


class Mailer(Protocol):
    async def send(self, message: Mail) -> None: ...

    def send_each(self, messages: Sequence[Mail]) -> AsyncIterator[Exception | None]:
        """Delivers the messages in turn, over one connection where there is one, yielding for
        each as soon as it is done None (delivered) or the error that stopped it: the caller
        records each delivery at once, and only the failed are retried."""
        ...
