"""A real SMTP server for tests (aiosmtpd), catching every message it is sent.

Use the `mail_catcher` fixture (import it into a test module or conftest), point the code under
test at `mail_catcher.url`, then `await mail_catcher.wait_for(n)`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

__all__ = [
    "REFUSED_DOMAIN",
    "CaughtMail",
    "MailCatcher",
    "html_of",
    "links_in",
    "mail_catcher",
    "text_of",
]


@dataclass(frozen=True, slots=True)
class CaughtMail:
    message: EmailMessage
    # The SMTP envelope, which is who really receives the mail (Bcc included).
    sender: str
    recipients: tuple[str, ...]


# Mail to this domain is refused at RCPT (550), as a server refuses an unknown mailbox.
REFUSED_DOMAIN = "refuse.example.org"


class _Handler:
    def __init__(self, delay: float = 0.0) -> None:
        self.caught: list[CaughtMail] = []
        self.delay = delay
        self.greetings = 0  # EHLO/HELO: one per connection

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        self.greetings += 1
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)  # a slow server: sends are in flight for a while
        content = envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        # list.append is atomic: the server thread appends, the test's loop reads.
        self.caught.append(
            CaughtMail(message, str(envelope.mail_from), tuple(map(str, envelope.rcpt_tos)))
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    # aiosmtpd's Controller connects to its port to check it started, so it needs a real number.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailCatcher:
    """An aiosmtpd server on 127.0.0.1, in its own thread, that keeps what it receives.

    With `credentials`, the server advertises AUTH (over plain text, this is a test) and
    refuses any mail from a client that did not log in with them.
    """

    def __init__(self, credentials: tuple[str, str] | None = None, *, delay: float = 0.0) -> None:
        self._handler = _Handler(delay)
        self.port = _free_port()
        options: dict[str, Any] = {}
        if credentials is not None:
            options = {
                "authenticator": _Authenticator(*credentials),
                "auth_required": True,
                "auth_require_tls": False,
            }
        self._controller = Controller(
            self._handler, hostname="127.0.0.1", port=self.port, **options
        )
        self._started = False

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def caught(self) -> list[CaughtMail]:
        return list(self._handler.caught)

    @property
    def messages(self) -> list[EmailMessage]:
        return [mail.message for mail in self._handler.caught]

    def start(self) -> None:
        self._controller.start()
        self._started = True

    def stop(self) -> None:
        if self._started:
            self._controller.stop()
            self._started = False

    def clear(self) -> None:
        self._handler.caught.clear()

    @property
    def connections(self) -> int:
        """How many SMTP sessions greeted the server (EHLO or HELO)."""
        return self._handler.greetings

    # A plain `timeout` argument reads better in tests than wrapping each call in asyncio.timeout.
    async def wait_for(self, count: int, timeout: float = 10) -> list[EmailMessage]:  # noqa: ASYNC109
        """At least `count` messages, waiting up to `timeout` seconds for them to arrive."""
        deadline = time.monotonic() + timeout
        while len(self._handler.caught) < count:
            if time.monotonic() >= deadline:
                arrived = [
                    f"to {', '.join(mail.recipients)}: {mail.message['Subject']!r}"
                    for mail in self._handler.caught
                ]
                raise AssertionError(
                    f"expected {count} mail(s) within {timeout} s, got {len(arrived)}: {arrived}"
                )
            await asyncio.sleep(0.02)
        return self.messages


class _Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self._login = user.encode()
        self._password = password.encode()

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        accepted = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self._login
            and auth_data.password == self._password
        )
        return AuthResult(success=accepted, handled=False)


@pytest.fixture
def mail_catcher() -> Iterator[MailCatcher]:
    catcher = MailCatcher()
    catcher.start()
    try:
        yield catcher
    finally:
        catcher.stop()


def text_of(message: EmailMessage) -> str:
    """The text/plain part, decoded, with the CRLF of the wire turned into plain newlines."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, f"no text/plain part in {message['Subject']!r}"
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    """The text/html part, decoded, with the CRLF of the wire turned into plain newlines."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None, f"no text/html part in {message['Subject']!r}"
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


_URL = re.compile(r"https?://[^\s<>\"']+")


def links_in(text: str) -> list[str]:
    """The http(s) addresses of a text, without the punctuation that may end a sentence."""
    return [match.rstrip(".,;:!?)»") for match in _URL.findall(text)]
