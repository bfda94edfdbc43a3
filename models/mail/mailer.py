"""The port mail leaves through: something that delivers a rendered message or raises, so that
the job that called it is retried. The runtime plugs in a folder of .eml files or an SMTP
server (server.mailers)."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

__all__ = ["Mailer"]


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...
