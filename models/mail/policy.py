"""The e-mail policy our mails are built and sent with: the standard one (RFC 5322, as
`email.policy.default`), made cheap for mails sent by the thousand.

The standard policy parses every header value it is given into a tree, and folds that tree
again each time the message is written out: for one alert mail, ten times the work of its
templates. Most values repeat from one mail to the next (the sender, an offer's subject, the
MIME headers, the date within a second), and a header's parsed and folded forms depend only on
its name and value: both are kept, a bounded number of them. The output is the same, byte for
byte, as the standard policy's.
"""

from __future__ import annotations

from email.headerregistry import BaseHeader, HeaderRegistry
from email.policy import EmailPolicy

__all__ = ["MAIL_POLICY", "SMTP_POLICY"]

# Enough for the values shared by a publication's mails and the few that change per mail.
_KEPT = 4096


class _KeptHeaders(HeaderRegistry):
    """The standard registry builds a new class for a header name each time it is asked
    (`type(...)` on every header of every mail), and parses the same value again each time it
    is set: both are kept. A header object never changes once built, so mails can share one."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}
        self._headers: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        built = self._classes.get(key)
        if built is None:
            built = self._classes[key] = super().__getitem__(name)
        return built

    def __call__(self, name: str, value: str) -> BaseHeader:
        if type(value) is not str:  # a Header or an Address object: built as usual
            return super().__call__(name, value)
        key = (name, value)
        header = self._headers.get(key)
        if header is None:
            if len(self._headers) >= _KEPT:
                self._headers.clear()  # crude, but a publication's values come back at once
            header = self._headers[key] = super().__call__(name, value)
        return header


class _KeptFolding(EmailPolicy):
    """Writes a header object as it wrote that same object last (the registry shares one
    object between the mails that have the same header)."""

    def fold_binary(self, name: str, value: str) -> bytes:
        if not isinstance(value, BaseHeader):  # read from a parsed message: as the standard
            return super().fold_binary(name, value)
        kept: dict[EmailPolicy, bytes] | None = getattr(value, "_folded", None)
        if kept is None:
            kept = {}
            value._folded = kept  # type: ignore[attr-defined]
        folded = kept.get(self)
        if folded is None:
            folded = kept[self] = super().fold_binary(name, value)
        return folded


MAIL_POLICY = _KeptFolding(header_factory=_KeptHeaders())
"""To build messages with (and to write them to files: lines end with a newline)."""
SMTP_POLICY = MAIL_POLICY.clone(linesep="\r\n")
"""To write them for SMTP, as `email.policy.SMTP` does."""
