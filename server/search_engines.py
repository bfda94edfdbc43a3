"""What search engines read: /robots.txt, and the sitemap of the live offers and static pages.

/sitemap.xml is always a sitemap index (one shape whatever the catalogue's size): it names the
static pages' sitemap and one sitemap per part of the live offers (models.offers.listing, at
most 50,000 URLs each, the protocol's limit). A part is streamed chunk by chunk, so a million
offers never become one string in memory. Addresses are absolute, on the configured public
address when there is one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from models.clock import PARIS
from models.offers import LiveOffer, live_offer_parts, live_offers_of_part
from models.site_identity import site_identity
from models.site_paths import (
    ACCEPT_INVITATION,
    ACCESSIBILITY,
    ACCOUNT_HOME,
    APPLICATIONS,
    DOCUMENT_ROUTE,
    HOME,
    LEGAL_NOTICE,
    OPEN_DATA,
    PERSONAL_DATA,
    RECRUITER_OFFERS,
    ROBOTS,
    SAVED_SEARCHES,
    SEARCH,
    SITE_PLAN,
    SITEMAP,
    SITEMAP_OFFERS_ROUTE,
    SITEMAP_PAGES,
    STAFF_INVITATIONS,
    offer_path,
    sitemap_offers_path,
)

__all__ = ["search_engine_routes"]

_XML = "application/xml; charset=utf-8"
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
STATIC_PAGES = (HOME, SEARCH, ACCESSIBILITY, LEGAL_NOTICE, PERSONAL_DATA, SITE_PLAN, OPEN_DATA)


def _base(request: Request) -> str:
    return site_identity().site_url or str(request.base_url).rstrip("/")


def _url(location: str, lastmod: str = "") -> str:
    modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(location)}</loc>{modified}</url>\n"


async def sitemap_index(request: Request) -> Response:
    base = _base(request)
    parts = [SITEMAP_PAGES] + [sitemap_offers_path(n) for n in await live_offer_parts()]
    body = "".join(f"<sitemap><loc>{escape(base + p)}</loc></sitemap>\n" for p in parts)
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {_NS}>\n{body}</sitemapindex>\n',
        media_type=_XML,
    )


async def static_pages_sitemap(request: Request) -> Response:
    base = _base(request)
    body = "".join(_url(base + path) for path in STATIC_PAGES)
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_NS}>\n{body}</urlset>\n',
        media_type=_XML,
    )


async def offers_sitemap(request: Request) -> Response:
    part: int = request.path_params["part"]
    chunks = live_offers_of_part(part)
    first = await anext(chunks, None)
    if first is None:
        # An emptied part is no longer in the index; a crawler that kept its address learns it
        # is gone (an empty urlset would not be valid).
        return PlainTextResponse("Aucune offre en ligne dans cette partie du plan.", 404)
    base = _base(request)

    def urls(chunk: list[LiveOffer]) -> str:
        return "".join(
            _url(
                base + offer_path(o.reference),
                o.updated_at.astimezone(PARIS).isoformat(timespec="seconds"),
            )
            for o in chunk
        )

    async def body() -> AsyncIterator[str]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {_NS}>\n{urls(first)}'
        async for chunk in chunks:
            yield urls(chunk)
        yield "</urlset>\n"

    return StreamingResponse(body(), media_type=_XML)


# Private pages and links that only make sense to their owner, and the endless combinations of
# search criteria (the offers are reached through the sitemap instead).
_DISALLOWED = (
    ACCOUNT_HOME,
    SAVED_SEARCHES,
    APPLICATIONS,
    DOCUMENT_ROUTE.split("{", 1)[0],
    "/alertes/",
    "/graphql",
    f"{SEARCH}?",
    RECRUITER_OFFERS,
    STAFF_INVITATIONS,
    ACCEPT_INVITATION,
)


async def robots(request: Request) -> Response:
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in _DISALLOWED)]
    lines += ["", f"Sitemap: {_base(request)}{SITEMAP}", ""]
    return PlainTextResponse("\n".join(lines))


search_engine_routes = [
    Route(ROBOTS, robots),
    Route(SITEMAP, sitemap_index),
    Route(SITEMAP_PAGES, static_pages_sitemap),
    Route(SITEMAP_OFFERS_ROUTE, offers_sitemap),
]
