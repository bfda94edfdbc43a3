"""Big texts that an open page keeps on the server, kept in ASCII.

Each open page keeps the texts of its elements for as long as it is open (a results page's list
of offers is ~25,000 characters), and two things make a French text cost more than a byte a
character there:
- CPython stores a string at 1, 2 or 4 bytes a character, after its widest character: one en
  dash (« Niveau 4 – (Bac) »), « œ » or curly apostrophe takes a whole list to 2 bytes a
  character, one emoji to 4;
- sending a string to the browser (NiceGUI encodes with orjson) leaves a UTF-8 copy of it inside
  every string that is not pure ASCII, as long as the string lives.
A list of offers with one en dash in it cost ~3 bytes a character; kept in ASCII, with the other
characters as references that the browser reads back as the very same characters (`&#233;` in
HTML, `\\u00e9` in JSON), it costs ~1.1.
"""

from __future__ import annotations

import json
import re
from typing import Any

from nicegui import ui

__all__ = ["AsciiHtml", "ascii_html", "ascii_json", "readable_html"]


def ascii_html(html: str) -> str:
    """`html` with every character beyond ASCII as a numeric character reference. For HTML text
    and attribute values only: not for the inside of a <script> or <style>."""
    if html.isascii():
        return html
    return html.encode("ascii", "xmlcharrefreplace").decode("ascii")


_REFERENCE_BEYOND_ASCII = re.compile(r"&#(1[2-9][0-9]|[2-9][0-9]{2}|[0-9]{4,7});")


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1))
    return chr(code) if code <= 0x10FFFF else match.group(0)


def readable_html(html: str) -> str:
    """`ascii_html`'s inverse: the characters beyond ASCII back in place of their references
    (markup and the other references left as they are)."""
    return _REFERENCE_BEYOND_ASCII.sub(_character, html)


def ascii_json(value: Any) -> str:
    """`value` as JSON, with every character beyond ASCII escaped."""
    return json.dumps(value, ensure_ascii=True)


class AsciiHtml(ui.html):
    """`ui.html` (not sanitized: every text in it must be escaped already) whose content is
    kept in ASCII: set it with `set_html`, which converts it (assigning `content` would not).
    What it shows, for NiceGUI's element filters and `user.should_see`, is its text as the
    browser reads it."""

    def __init__(self, content: str = "", *, tag: str = "div") -> None:
        super().__init__(ascii_html(content), sanitize=False, tag=tag)

    def set_html(self, content: str) -> None:
        self.content = ascii_html(content)

    def _displayed_contents(self, *, only_visible: bool) -> list[Any]:
        shown = super()._displayed_contents(only_visible=only_visible)
        return [readable_html(text) if isinstance(text, str) else text for text in shown]
