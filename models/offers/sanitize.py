"""Allow-list sanitising of the rich-text fields recruiters send, with nh3 (ammonia)."""

from __future__ import annotations

import re

import nh3

__all__ = ["sanitize_html"]

_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a", "h3", "h4", "h5"}
_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}

# A list item whose text starts with its own typed marker (« - Accompagner », « • Accompagner »,
# as imported offers often have) would show two markers: the list's and the typed one. Bullets
# stand alone; a hyphen, dash or asterisk counts only when a space follows, so « -5 % » stays.
# Inline tags may open the item first (« <li><b>- Accompagner »). nh3 writes `<li>` with no
# attribute (none is allowed), which keeps the pattern simple.
_TYPED_MARKER = re.compile(r"(<li>(?:\s|<(?:p|b|strong|i|em|u)>)*)(?:[•▪●◦·‣∙]\s*|[-–—*]\s+)")


def sanitize_html(html: str) -> str:
    """Keeps text formatting and links; drops scripts, styles, event handlers and the rest;
    removes a marker typed at the start of a list item, which the list already draws.

    Pages run it again when they show a stored offer, so offers stored before this rule are
    shown with one marker too, without rewriting them (no migration to run or to get wrong)."""
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    return _TYPED_MARKER.sub(r"\1", clean)
