"""Numbered pages on the results page: which numbers are linked, the current one marked, and
every criterion, the order and the places kept in each link."""

from __future__ import annotations

import re
from html import unescape

from nicegui import ui
from nicegui.testing import User

from ui.ascii_text import readable_html
from ui.page_links import page_window


def _nav(user: User) -> str:
    html = readable_html("".join(str(e.content) for e in user.find(kind=ui.html).elements))
    found = re.search(r'<nav [^>]*aria-label="Pages de résultats">.*?</nav>', html, re.S)
    assert found, "the results have a page navigation"
    return found.group(0)


def _links(nav: str) -> dict[str, str]:
    """Link text → address."""
    return {
        unescape(text): unescape(href)
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav)
    }


def test_a_window_around_the_current_page_with_the_first_and_last() -> None:
    assert page_window(1, 1) == [1]
    assert page_window(2, 4) == [1, 2, 3, 4]
    assert page_window(1, 20) == [1, 2, 3, None, 20]
    assert page_window(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert page_window(20, 20) == [1, None, 18, 19, 20]
    # A gap of one page shows that page rather than « … ».
    assert page_window(5, 20) == [1, 2, 3, 4, 5, 6, 7, None, 20]


async def test_page_numbers_keep_the_criteria_the_order_and_the_place(
    demo_db: str, user: User
) -> None:
    # The demo's 53 internships make three pages.
    await user.open("/recherche?type=stage&tri=date&page=2")
    await user.should_see("Page 2 sur 3")
    nav = _nav(user)
    assert re.search(r'aria-current="page"[^>]*>2</a>', nav), nav
    assert nav.count("aria-current") == 1
    links = _links(nav)
    assert set(links) == {"« Page précédente", "1", "2", "3", "Page suivante »"}
    for text, page in (("1", 1), ("3", 3), ("« Page précédente", 1), ("Page suivante »", 3)):
        href = links[text]
        for kept in ("type=stage", "tri=date", f"page={page}"):
            assert kept in href, (text, href)
    await user.open(links["3"])
    await user.should_see("Page 3 sur 3")
    assert "Page suivante »" not in _links(_nav(user))


async def test_page_numbers_keep_the_place_and_the_distance_order(demo_db: str, user: User) -> None:
    await user.open("/recherche?pres=75056:200&tri=distance")
    await user.should_see("32 offres correspondent à votre recherche")
    nav = _nav(user)
    assert re.search(r'aria-current="page"[^>]*>1</a>', nav), nav
    second = _links(nav)["2"]
    for kept in ("pres=75056%3A200", "tri=distance", "page=2"):
        assert kept in second, second
    await user.open(second)
    await user.should_see("Page 2 sur 2")
    assert re.search(r'aria-current="page"[^>]*>2</a>', _nav(user))


async def test_a_single_page_has_no_page_links(demo_db: str, user: User) -> None:
    await user.open("/recherche?type=apprentissage&q=marketing")
    await user.should_see("1 offre correspond à votre recherche")
    html = readable_html("".join(str(e.content) for e in user.find(kind=ui.html).elements))
    assert "Pages de résultats" not in html
