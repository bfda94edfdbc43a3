"""Allow-list sanitising of the rich-text fields recruiters send, with nh3 (ammonia)."""

from __future__ import annotations

import nh3

__all__ = ["sanitize_html"]

_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a", "h3", "h4", "h5"}
_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Keeps text formatting and links; drops scripts, styles, event handlers and the rest."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
