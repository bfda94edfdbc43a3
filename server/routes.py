"""Plain HTTP routes beside the UI and the API: health, Atom feeds, attachment downloads."""

from __future__ import annotations

from urllib.parse import urlencode

from feedgen.feed import FeedGenerator
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from tortoise import connections

from models.documents.downloads import document_for_link
from models.offers.criteria import InvalidCriteria, criteria_from_query, criteria_to_query
from models.offers.queries import get_offer
from models.offers.search import search_offers
from models.offers.tables import OfferAttachment
from models.reference.vocabulary import vocabulary
from models.search.text import html_to_text
from models.storage import file_storage

__all__ = ["FEED_PATH", "routes"]

FEED_PATH = "/flux/offres.atom"
FEED_SIZE = 50


async def health(request: Request) -> Response:
    await connections.get("default").execute_query("SELECT 1")
    return JSONResponse({"status": "ok"})


async def offers_feed(request: Request) -> Response:
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    try:
        criteria = criteria_from_query(params, vocabulary=await vocabulary())
    except InvalidCriteria as error:
        return PlainTextResponse(error.message, status_code=400)
    page = await search_offers(criteria, first=FEED_SIZE)
    base = str(request.base_url).rstrip("/")
    query = urlencode(criteria_to_query(criteria))
    feed = FeedGenerator()
    feed.id(f"{base}{FEED_PATH}?{query}")
    feed.title(
        "PASS – offres de stage et d'apprentissage"
        + (f" : {criteria.keywords}" if criteria.keywords else "")
    )
    feed.subtitle(f"{page.total} offre(s) correspondant à la recherche")
    feed.language("fr")
    feed.link(href=f"{base}/recherche?{query}", rel="alternate")
    feed.link(href=f"{base}{FEED_PATH}?{query}", rel="self")
    feed.author({"name": "PASS"})
    for offer in reversed(page.offers):  # feedgen lists the last added entry first
        entry = feed.add_entry()
        entry.id(f"{base}/offres/{offer.reference}")
        entry.title(f"{offer.title} – {offer.reference}")
        entry.link(href=f"{base}/offres/{offer.reference}")
        entry.summary(html_to_text(offer.post_description)[:500] or offer.title)
        if offer.published_at:
            entry.published(offer.published_at)
            entry.updated(offer.published_at)
    body: bytes = feed.atom_str(pretty=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


async def offer_attachment(request: Request) -> Response:
    reference = request.path_params["reference"]
    offer = await get_offer(reference)
    attachment = (
        await OfferAttachment.filter(id=request.path_params["attachment_id"], offer=offer).first()
        if offer
        else None
    )
    if attachment is None:
        return PlainTextResponse("Document introuvable", status_code=404)
    return FileResponse(
        file_storage().path(attachment.storage_key),
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )


async def candidate_document(request: Request) -> Response:
    document = await document_for_link(
        request.path_params["document_id"],
        request.path_params["expires"],
        request.path_params["signature"],
    )
    if document is None:
        return PlainTextResponse(
            "Lien de téléchargement invalide ou expiré : rouvrez la liste de vos documents.",
            status_code=404,
        )
    return FileResponse(
        file_storage().path(document.storage_key),
        media_type=document.content_type,
        filename=document.filename,
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


routes = [
    Route("/health", health),
    Route(FEED_PATH, offers_feed),
    Route("/offres/{reference}/pieces-jointes/{attachment_id:int}", offer_attachment),
    Route("/mes-documents/{document_id:int}/{expires:int}/{signature:str}", candidate_document),
]
