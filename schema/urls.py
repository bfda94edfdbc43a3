"""Every address the API gives is absolute, on the public site (PASS_SITE_URL): a client on
another site, a mirror or a mail can use it as it is."""

from __future__ import annotations

from models.site_identity import site_identity

__all__ = ["absolute_url"]


def absolute_url(path: str) -> str:
    """The site's address followed by `path` (« /offres/A-2021-0192 »). Before the runtime has
    configured the site (a bare schema in a script) the path stays relative."""
    return site_identity().site_url + path
