"""Texts kept in ASCII read back as the very same characters."""

from __future__ import annotations

import json
from html import unescape

import pytest

from ui.ascii_text import ascii_html, ascii_json, readable_html

TEXTS = [
    "Stage – conducteur(trice) de travaux",
    "Cœur de métier : l’œuvre « complète »",
    "Apprenti 🎓 développeur 𝔸",  # beyond the BMP
    'Déjà <b class="x">échappé</b> &amp; gardé',
    "plain ascii",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_html_in_ascii_reads_back_the_same(text: str) -> None:
    kept = ascii_html(text)
    assert kept.isascii()
    # The browser decodes character references: what it shows is the text (its own markup and
    # entities untouched).
    assert unescape(kept) == unescape(text)
    assert kept.count("<") == text.count("<") and kept.count(">") == text.count(">")


def test_ascii_html_keeps_an_ascii_string_as_it_is() -> None:
    text = "<p>Stage</p>"
    assert ascii_html(text) is text


@pytest.mark.parametrize("text", TEXTS)
def test_json_in_ascii_reads_back_the_same(text: str) -> None:
    value = [["3", text], ["4", {"label": text}]]
    kept = ascii_json(value)
    assert kept.isascii()
    assert json.loads(kept) == value


@pytest.mark.parametrize("text", TEXTS)
def test_readable_html_undoes_ascii_html(text: str) -> None:
    assert readable_html(ascii_html(text)) == text
    assert readable_html("&amp; &#38; &#x27; &lt;") == "&amp; &#38; &#x27; &lt;"  # kept
