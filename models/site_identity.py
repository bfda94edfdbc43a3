"""Who publishes the site and where it lives: what the legal pages, canonical URLs and the
sitemap need from the deployment. Set once at start (server.runtime); read by the pages.

The publisher and the host are facts only the operator knows: they come from configuration
and the pages say « à renseigner » when they are missing rather than inventing them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SiteIdentity", "configure_site", "site_identity"]


@dataclass(frozen=True, slots=True)
class SiteIdentity:
    # The public address without a trailing slash; "" when unknown (the pages then use the
    # address the request came to).
    site_url: str = ""
    publisher: str = ""  # the administration that edits the site, its address
    publication_director: str = ""
    hosting: str = ""  # the host's name, address and telephone, as the law asks
    contact_email: str = ""  # where accessibility problems and data requests go


_identity = SiteIdentity()


def configure_site(identity: SiteIdentity) -> None:
    global _identity
    _identity = identity


def site_identity() -> SiteIdentity:
    return _identity
