"""Styles of the site's own components, in the head of every page of the process, once.

`ui.add_css` puts a copy of its styles into each page's client (a script kept with the client
for as long as the page is open): ~17 KB for a results page's frame, filters, tags and stars,
multiplied by every open page. These styles never change, so they go into NiceGUI's shared
head instead, the first time a page asks for them, as a plain <style> element (the site's
policy allows inline styles: see server.security_headers).
"""

from __future__ import annotations

from nicegui import Client

__all__ = ["shared_css"]


def shared_css(css: str) -> None:
    """Puts `css` in the head of every page from now on (once, whoever asks again)."""
    style = f"<style>{css}</style>\n"
    if style not in Client.shared_head_html:
        Client.shared_head_html += style
