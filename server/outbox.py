"""Reads the mail outbox folder in development: `python -m server.outbox [--show N]`.

Without options, lists the mails newest first, numbered; `--show N` prints mail N's headers
and its text part. `--folder PATH` reads another folder than the configured outbox.
"""

from __future__ import annotations

import argparse
import email.policy
import sys
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

__all__ = ["main", "outbox_files", "read_outbox"]


def outbox_files(folder: Path) -> list[Path]:
    """The .eml files of `folder`, newest first; an absent folder is an empty outbox."""
    if not folder.is_dir():
        return []
    stamped = [(path.stat().st_mtime_ns, path.name, path) for path in folder.glob("*.eml")]
    # Temporary files start with a dot; glob() already skips them, this makes it explicit.
    stamped = [entry for entry in stamped if not entry[1].startswith(".")]
    stamped.sort(reverse=True)
    return [path for _, _, path in stamped]


def _parse(path: Path) -> EmailMessage:
    return BytesParser(policy=email.policy.default).parsebytes(path.read_bytes())


def read_outbox(folder: Path) -> list[EmailMessage]:
    """The messages of the outbox folder, newest first."""
    return [_parse(path) for path in outbox_files(folder)]


def _text_part(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        return "(no text part)"
    content = body.get_content()
    if not isinstance(content, str):
        return repr(content)
    # Files hold the wire's CRLF line ends; print() adds the terminal's own.
    return content.replace("\r\n", "\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m server.outbox", description="List or show the mails of the outbox."
    )
    parser.add_argument("--show", type=int, metavar="N", help="print mail N of the list")
    parser.add_argument("--folder", type=Path, help="outbox folder (default: the configured one)")
    arguments = parser.parse_args(argv)

    folder: Path
    if arguments.folder is not None:
        folder = arguments.folder
    else:
        # Imported here so that reading another folder needs no settings at all.
        from server.settings import settings

        folder = settings().outbox_dir

    messages = read_outbox(folder)
    if arguments.show is None:
        if not messages:
            print(f"No mail in {folder}")
            return 0
        width = len(str(len(messages)))
        for number, message in enumerate(messages, start=1):
            print(
                f"{number:>{width}}  {message.get('Date', '')}  "
                f"To: {message.get('To', '')}  Subject: {message.get('Subject', '')}"
            )
        return 0

    if not 1 <= arguments.show <= len(messages):
        print(
            f"No mail number {arguments.show} in {folder} ({len(messages)} mail(s)).",
            file=sys.stderr,
        )
        return 1
    message = messages[arguments.show - 1]
    for name, value in message.items():
        print(f"{name}: {value}")
    print()
    print(_text_part(message))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
