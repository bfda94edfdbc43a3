"""Where outgoing mail goes: a folder of .eml files (embedded default) or an SMTP server.

Both take a ready `EmailMessage` (see `models.mail.messages.render_mail`) and either deliver
it or raise, so that the job that called them is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.policy
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
from aiosmtplib.email import extract_recipients, extract_sender

from models.mail import Mail, Mailer, WireMail, wire_bytes

__all__ = ["OutboxMailer", "SmtpMailer", "mailer_for"]

logger = logging.getLogger(__name__)

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


class OutboxMailer:
    """Writes each message to `folder` as `<sha256(Message-ID)[:16]>.eml`.

    The name depends on the Message-ID only, so a retried job that sends the same message again
    finds the file already there and writes nothing. The file's modification time records when
    it was written, which is what `server.outbox` sorts by.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __repr__(self) -> str:
        return f"OutboxMailer({str(self.folder)!r})"

    async def send(self, message: Mail) -> None:
        await asyncio.to_thread(self._write, message)

    async def send_each(self, messages: Sequence[Mail]) -> AsyncIterator[Exception | None]:
        for message in messages:
            try:
                await self.send(message)
            except OSError as error:
                yield error
            else:
                yield None

    def path_for(self, message: Mail) -> Path:
        message_id = message.message_id if isinstance(message, WireMail) else message["Message-ID"]
        # Without an id, identical content is the best notion of "the same message".
        key = str(message_id).strip().encode() if message_id else _smtp_bytes(message)
        return self.folder / f"{hashlib.sha256(key).hexdigest()[:16]}.eml"

    def _write(self, message: Mail) -> None:
        path = self.path_for(message)
        if path.exists():
            return
        data = _smtp_bytes(message)
        self.folder.mkdir(parents=True, exist_ok=True)
        # A dot-name the outbox reader skips, in the same folder so os.replace() stays atomic.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            stamp = _unique_time_ns()
            os.utime(temporary, ns=(stamp, stamp))
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        logger.info("mail %s to %s written to %s", *_id_and_to(message), path)


def _smtp_bytes(message: Mail) -> bytes:
    if isinstance(message, WireMail):
        return message.data  # the same bytes, written for SMTP
    return message.as_bytes(policy=email.policy.SMTP)


def _id_and_to(message: Mail) -> tuple[str, str]:
    if isinstance(message, WireMail):
        return message.message_id, message.to
    return str(message["Message-ID"]), str(message["To"])


_clock_lock = threading.Lock()
_last_time_ns = 0


def _unique_time_ns() -> int:
    """Strictly increasing wall-clock nanoseconds.

    File systems stamp files with a coarse clock (a few milliseconds), so mails written in a
    burst would tie; an explicit, strictly increasing mtime keeps them in sending order.
    """
    global _last_time_ns
    with _clock_lock:
        _last_time_ns = max(time.time_ns(), _last_time_ns + 1)
        return _last_time_ns


class SmtpMailer:
    """Sends through an SMTP server named by a URL.

    `smtp://[user:password@]host[:port][?starttls=1]` (port 25 by default, STARTTLS when
    asked) or `smtps://[user:password@]host[:port]` (TLS from the first byte, port 465 by
    default). User and password are percent-decoded.
    """

    timeout = 30.0

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        # Error messages never repeat the URL: it may hold a password.
        if scheme not in ("smtp", "smtps"):
            raise ValueError(
                f"invalid SMTP URL: the scheme must be smtp:// or smtps://, not {scheme!r}"
            )
        if not parts.hostname:
            raise ValueError("invalid SMTP URL: no host name")
        if parts.path not in ("", "/") or parts.fragment:
            raise ValueError("invalid SMTP URL: it takes no path, only [user:password@]host[:port]")
        bad_port = "invalid SMTP URL: the port must be a number from 1 to 65535"
        try:
            port = parts.port
        except ValueError:
            raise ValueError(bad_port) from None
        if port == 0:
            raise ValueError(bad_port)

        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"starttls"})
        if unknown:
            raise ValueError(f"invalid SMTP URL: unknown parameter(s) {', '.join(unknown)}")
        flag = query.get("starttls", ["0"])[-1].lower()
        if flag not in _TRUE | _FALSE:
            raise ValueError("invalid SMTP URL: starttls must be 1 or 0")
        start_tls = flag in _TRUE
        if scheme == "smtps" and start_tls:
            raise ValueError("invalid SMTP URL: smtps:// is already TLS, starttls does not apply")

        username = unquote(parts.username) if parts.username is not None else None
        password = unquote(parts.password) if parts.password is not None else None
        if (username is None) != (password is None) or username == "":
            raise ValueError("invalid SMTP URL: give both a user and a password, or neither")

        self.hostname: str = parts.hostname
        self.use_tls = scheme == "smtps"
        self.start_tls = start_tls
        self.port: int = port or (465 if self.use_tls else 25)
        self.username = username
        # Kept out of repr() and logs.
        self._password = password

    def __repr__(self) -> str:
        user = f"{self.username}:***@" if self.username else ""
        scheme = "smtps" if self.use_tls else "smtp"
        query = "?starttls=1" if self.start_tls else ""
        return f"SmtpMailer('{scheme}://{user}{self.hostname}:{self.port}{query}')"

    async def send(self, message: Mail) -> None:
        async for outcome in self.send_each([message]):
            if outcome is not None:
                raise outcome

    async def send_each(self, messages: Sequence[Mail]) -> AsyncIterator[Exception | None]:
        client = aiosmtplib.SMTP(
            hostname=self.hostname,
            port=self.port,
            username=self.username,
            password=self._password,
            use_tls=self.use_tls,
            # Explicit False: aiosmtplib's default (None) upgrades whenever the server offers
            # it, which makes the behaviour depend on the server instead of on the URL.
            start_tls=self.start_tls,
            timeout=self.timeout,
        )
        try:
            await client.connect()  # and logs in, with credentials
        except Exception as error:
            for _ in messages:
                yield error
            return
        try:
            for position, message in enumerate(messages):
                try:
                    envelope = _envelope(message)
                    if envelope is None:
                        assert not isinstance(message, WireMail)  # it always has one
                        await client.send_message(message)
                    else:
                        await client.sendmail(*envelope)
                except (
                    aiosmtplib.SMTPRecipientsRefused,
                    aiosmtplib.SMTPResponseException,
                ) as error:
                    yield error  # this message only (an address refused…): the others go on
                    continue
                except Exception as error:  # the connection: none of the rest can go
                    for _ in messages[position:]:
                        yield error
                    return
                logger.info(
                    "mail %s to %s sent through %s:%s",
                    *_id_and_to(message),
                    self.hostname,
                    self.port,
                )
                yield None
        finally:
            with contextlib.suppress(Exception):
                await client.quit()


def _envelope(message: Mail) -> tuple[str, list[str], bytes] | None:
    """Sender, recipients and bytes, as `send_message` would send them, but written by
    `wire_bytes` (ten times faster for our mails) or already written (`WireMail`). None for
    what only `send_message` handles (hidden copies, addresses that need SMTPUTF8)."""
    if isinstance(message, WireMail):
        return message.sender, list(message.recipients), message.data
    if "Bcc" in message or "Resent-Bcc" in message:
        return None
    sender = extract_sender(message)
    recipients = extract_recipients(message)
    if sender is None or not recipients or not "".join([sender, *recipients]).isascii():
        return None
    return sender, recipients, wire_bytes(message)


def mailer_for(smtp_url: str | None, outbox_dir: Path) -> Mailer:
    """The SMTP mailer when a URL is configured, else the outbox folder."""
    if smtp_url:
        return SmtpMailer(smtp_url)
    return OutboxMailer(outbox_dir)
