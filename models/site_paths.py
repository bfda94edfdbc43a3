"""The site's URL shapes, in one place: the pages, the feed, the download and unsubscribe links.

Mails, the API, the pages and the plain routes all build their links from here, and the routes
and pages are declared with the same patterns, so a link can never point to a page that moved.
Paths are in French: people read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

__all__ = [
    "ACCEPT_INVITATION",
    "ACCESSIBILITY",
    "ACCOUNT_EDIT",
    "ACCOUNT_HOME",
    "APPLICATIONS",
    "ATTACHMENT_ROUTE",
    "CONFIRM_EMAIL",
    "COPY_PARAMETER",
    "DATA_EXPORT_DOWNLOAD",
    "DELETED_ACCOUNT",
    "DOCUMENT_ROUTE",
    "FEED",
    "FORGOTTEN_PASSWORD",
    "HOME",
    "LEGAL_NOTICE",
    "OFFER_PAGE",
    "OPEN_DATA",
    "OPEN_DATA_CSV",
    "OPEN_DATA_JSON",
    "PERSONAL_DATA",
    "RECRUITER_EDIT_OFFER",
    "RECRUITER_NEW_OFFER",
    "RECRUITER_OFFERS",
    "RECRUITER_SIGN_IN",
    "REGISTER",
    "RESET_PASSWORD",
    "ROBOTS",
    "SAVED_OFFERS",
    "SAVED_SEARCHES",
    "SEARCH",
    "SIGN_IN",
    "SITEMAP",
    "SITEMAP_OFFERS_ROUTE",
    "SITEMAP_PAGES",
    "SITE_PLAN",
    "STAFF_INVITATIONS",
    "STOP_ALERTS_ROUTE",
    "WELCOME",
    "attachment_path",
    "document_path",
    "edit_offer_path",
    "feed_path",
    "new_offer_path",
    "offer_path",
    "search_path",
    "sitemap_offers_path",
    "stop_alerts_path",
]

HOME = "/"
SEARCH = "/recherche"
FEED = "/flux/offres.atom"
OFFER_PAGE = "/offres/{reference}"
ATTACHMENT_ROUTE = "/offres/{reference}/pieces-jointes/{attachment_id:int}"

SIGN_IN = "/connexion"
REGISTER = "/inscription"
WELCOME = "/inscription/bienvenue"
CONFIRM_EMAIL = "/confirmer-adresse"
FORGOTTEN_PASSWORD = "/mot-de-passe-oublie"
RESET_PASSWORD = "/nouveau-mot-de-passe"
ACCOUNT_HOME = "/mon-compte"
ACCOUNT_EDIT = "/mon-compte/modifier"
DELETED_ACCOUNT = "/compte-supprime"
# The zip of « Télécharger mes données », by the mailed link: `?jeton=<token>`.
DATA_EXPORT_DOWNLOAD = "/mes-donnees/telechargement"
SAVED_SEARCHES = "/mes-recherches"
APPLICATIONS = "/mes-candidatures"
# Under « Mon compte », so robots.txt's Disallow of the account pages covers it too.
SAVED_OFFERS = "/mon-compte/offres-sauvegardees"
DOCUMENT_ROUTE = "/mes-documents/{document_id:int}/{expires:int}/{signature:str}"
STOP_ALERTS_ROUTE = "/alertes/arret/{ids:str}/{signature:str}"

# « Accès recruteur »: the same sign-in page, then the recruiters' and admins' pages.
RECRUITER_SIGN_IN = "/connexion?espace=recruteur"
RECRUITER_OFFERS = "/recruteur/offres"
RECRUITER_NEW_OFFER = "/recruteur/offres/nouvelle"
RECRUITER_EDIT_OFFER = "/recruteur/offres/{reference}/modifier"
# The new-offer form filled from an existing offer (« Dupliquer »): ?depuis=REFERENCE.
COPY_PARAMETER = "depuis"
STAFF_INVITATIONS = "/administration/invitations"
ACCEPT_INVITATION = "/invitation"

# The pages every State site has, linked from every page's footer.
ACCESSIBILITY = "/accessibilite"
LEGAL_NOTICE = "/mentions-legales"
PERSONAL_DATA = "/donnees-personnelles"
SITE_PLAN = "/plan-du-site"

# Open data: the page that presents it, and the files, at addresses that never change.
OPEN_DATA = "/donnees"
OPEN_DATA_CSV = "/donnees/offres.csv"
OPEN_DATA_JSON = "/donnees/offres.json"

# For search engines: the names robots and the sitemap protocol expect.
ROBOTS = "/robots.txt"
SITEMAP = "/sitemap.xml"
SITEMAP_PAGES = "/sitemaps/pages.xml"
SITEMAP_OFFERS_ROUTE = "/sitemaps/offres-{part:int}.xml"


def _with_query(path: str, query: Sequence[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def offer_path(reference: str) -> str:
    return OFFER_PAGE.format(reference=reference)


def edit_offer_path(reference: str) -> str:
    return RECRUITER_EDIT_OFFER.format(reference=reference)


def new_offer_path(copied_from: str | None = None) -> str:
    return _with_query(RECRUITER_NEW_OFFER, [(COPY_PARAMETER, copied_from)] if copied_from else [])


def attachment_path(reference: str, attachment_id: int) -> str:
    return f"{offer_path(reference)}/pieces-jointes/{attachment_id}"


def search_path(query: Sequence[tuple[str, str]] = ()) -> str:
    """The results page for these criteria (see models.search.criteria.criteria_to_query)."""
    return _with_query(SEARCH, query)


def feed_path(query: Sequence[tuple[str, str]] = ()) -> str:
    return _with_query(FEED, query)


def document_path(document_id: int, expires: int, signature: str) -> str:
    return f"/mes-documents/{document_id}/{expires}/{signature}"


def stop_alerts_path(ids: str, signature: str) -> str:
    return f"/alertes/arret/{ids}/{signature}"


def sitemap_offers_path(part: int) -> str:
    return f"/sitemaps/offres-{part}.xml"
