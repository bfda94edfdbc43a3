"""Rich texts as plain text for the export, fast: the same text as models.search.html_to_text,
in a fraction of its time on the HTML the offers store.

html_to_text runs Python's HTMLParser, about 0.4 ms per text: with five rich fields per offer
that alone would take most of a minute at 100,000 offers. Stored texts are sanitised
(models.offers.sanitize: nh3 writes well-formed tags, every `<` of the text escaped, no
comments), so a regular expression finds their tags; any text that does not look like that
(a `<` that opens no tag) goes through html_to_text. tests/opendata/test_plain_text.py holds
both to the same answers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

from models.search.text import BLOCK_TAGS, html_to_text

__all__ = ["plain_text"]

_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:{_ATTRIBUTE})*\s*/?>")


def _tag(match: re.Match[str]) -> str:
    closing, name = match.group(1), match.group(2).lower()
    return "\n" if not closing and name in BLOCK_TAGS else ""


def _fast(html: str) -> str | None:
    if "<" not in html and "&" not in html:
        text = html
    else:
        stripped = _TAG.sub(_tag, html)
        if "<" in stripped:
            return None  # not sanitised output: the parser knows better
        text = unescape(stripped)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# Recruiters reuse their texts (the same employer description on every offer of a service):
# a bounded cache spares the work again without holding a catalogue's texts.
@lru_cache(maxsize=4096)
def plain_text(html: str) -> str:
    fast = _fast(html)
    return html_to_text(html) if fast is None else fast
