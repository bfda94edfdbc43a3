"""The port mail leaves through: something that delivers a rendered message or raises, so that
the job that called it is retried. The runtime plugs in a folder of .eml files or an SMTP
server (server.mailers)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from email.message import EmailMessage
from typing import Protocol

__all__ = ["Mailer"]


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...

    def send_each(self, messages: Sequence[EmailMessage]) -> AsyncIterator[Exception | None]:
        """Delivers the messages in turn, over one connection where there is one, yielding for
        each as soon as it is done None (delivered) or the error that stopped it: the caller
        records each delivery at once, and only the failed are retried."""
        ...
