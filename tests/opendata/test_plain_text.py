"""The export's fast plain text says what html_to_text says, on every text an offer can store."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from models.demo.example_offer import example_offer_draft
from models.demo.generator import generate_offers
from models.offers.publishing import RICH_TEXT_FIELDS
from models.offers.sanitize import sanitize_html
from models.opendata.plain_text import _fast
from models.search.text import html_to_text

_PIECES = st.sampled_from(
    ["<p>", "</p>", "<br>", "<br/>", "<ul>", "<li>", "</li>", "<b>", "</b>", "<h3>", "<div>",
     "<a href='x>y'>", '<a href="https://ex.fr/?a=1&amp;b=2" title="« t »">', "</a>",
     "<!-- c -->", "<script>x<y</script>", "&amp;", "&lt;", "&gt;", "&nbsp;", "&eacute;",
     "&#233;", "&", "<", ">", " ", "\n", "\t", "é", "•", "- ", "x", "mot", "<P CLASS=a>",
     "<img src=x onerror=y>", "<style>p{}</style>"]
)  # fmt: skip


def _same(html: str) -> None:
    stored = sanitize_html(html)
    fast = _fast(stored)
    assert fast is not None, stored  # sanitised text always takes the fast way
    assert fast == html_to_text(stored), stored


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=5), max_size=30).map("".join))
def test_any_stored_text_reads_the_same(html: str) -> None:
    _same(html)


def test_the_generated_and_example_offers_read_the_same() -> None:
    day = date(2026, 1, 5)
    drafts = generate_offers(apprenticeships=100, stages=100, seed=3, today=day)
    for draft in [example_offer_draft(day), *drafts]:
        for name in RICH_TEXT_FIELDS:
            _same(getattr(draft, name))


def test_text_that_is_not_sanitised_goes_through_the_parser() -> None:
    assert _fast("a < b <p>c") is None
