"""Numbered page links of a results list, as one piece of HTML (no NiceGUI element per link:
a results page must stay light)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

__all__ = ["page_links_html", "page_window"]

# Pages shown on each side of the current one; the first and last are always shown.
AROUND = 2


def page_window(number: int, pages: int, around: int = AROUND) -> list[int | None]:
    """The page numbers to link, in order, with None where pages are left out (« … »). A gap
    of a single page shows that page: an ellipsis would take as much room."""
    shown = sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})
    window: list[int | None] = []
    for page in shown:
        if window and page - (window[-1] or 0) == 2:
            window.append(page - 1)
        elif window and page - (window[-1] or 0) > 2:
            window.append(None)
        window.append(page)
    return window


_LINK = 'class="nicegui-link pass-page-link px-2 py-1"'


def page_links_html(number: int, pages: int, url: Callable[[int], str]) -> str:
    """The navigation between `pages` pages, `number` the current one; `url(n)` addresses page
    n. Empty for a single page."""
    if pages <= 1:
        return ""
    items = []
    if number > 1:
        items.append(f'<a href="{escape(url(number - 1))}" {_LINK}>« Page précédente</a>')
    for page in page_window(number, pages):
        if page is None:
            items.append('<span aria-hidden="true">…</span>')
        elif page == number:
            # The current page is marked for screen readers (aria-current) and by sight.
            items.append(
                f'<a href="{escape(url(page))}" aria-current="page" aria-label="Page {page}" '
                'class="pass-page-link px-2 py-1 font-bold no-underline" '
                f'style="background:#000091;color:white">{page}</a>'
            )
        else:
            items.append(
                f'<a href="{escape(url(page))}" aria-label="Page {page}" {_LINK}>{page}</a>'
            )
    if number < pages:
        items.append(f'<a href="{escape(url(number + 1))}" {_LINK}>Page suivante »</a>')
    listed = "".join(f"<li>{item}</li>" for item in items)
    return (
        '<nav class="w-full mt-4" aria-label="Pages de résultats">'
        f'<p class="text-center">Page {number} sur {pages}</p>'
        '<ul class="flex flex-wrap items-center justify-center gap-2 list-none p-0 m-0">'
        f"{listed}</ul></nav>"
    )
