"""Plain HTTP routes beside the UI and the API: health, Atom feeds, attachment downloads."""

from __future__ import annotations

from datetime import UTC, datetime, time
from html import escape

from feedgen.feed import FeedGenerator
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    Response,
)
from starlette.routing import Route

from models.alerts import stop_alerts, verified_search_ids
from models.clock import today
from models.db import check_database
from models.documents import document_for_link
from models.offers import attachment_of
from models.personal_data import data_export_for_token
from models.reference import vocabulary
from models.search import (
    InvalidCriteria,
    SearchOrder,
    criteria_from_query,
    criteria_to_query,
    html_to_text,
    search_offers,
)
from models.site_paths import (
    ACCOUNT_HOME,
    ATTACHMENT_ROUTE,
    DATA_EXPORT_DOWNLOAD,
    DOCUMENT_ROUTE,
    FEED,
    HOME,
    SAVED_SEARCHES,
    STOP_ALERTS_ROUTE,
    feed_path,
    offer_path,
    search_path,
)
from models.storage import file_storage
from server.http_cache import cacheable

__all__ = ["routes"]

FEED_SIZE = 50


async def health(request: Request) -> Response:
    await check_database()
    return JSONResponse({"status": "ok"})


async def offers_feed(request: Request) -> Response:
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    try:
        criteria = criteria_from_query(params, vocabulary=await vocabulary())
    except InvalidCriteria as error:
        return PlainTextResponse(error.message, status_code=400)
    # A feed tells what is new: newest first whatever the keywords (by relevance, a feed of a
    # common word would be filled with older title matches and miss the newest offers).
    page = await search_offers(criteria, first=FEED_SIZE, order=SearchOrder.NEWEST)
    base = str(request.base_url).rstrip("/")
    query = criteria_to_query(criteria)
    feed = FeedGenerator()
    feed.id(base + feed_path(query))
    feed.title(
        "PASS – offres de stage et d'apprentissage"
        + (f" : {criteria.keywords}" if criteria.keywords else "")
    )
    feed.subtitle(f"{page.total} offre(s) correspondant à la recherche")
    feed.language("fr")
    feed.link(href=base + search_path(query), rel="alternate")
    feed.link(href=base + feed_path(query), rel="self")
    feed.author({"name": "PASS"})
    # feedgen would say « now »: the body, hence its ETag, would change every second.
    dates = [offer.published_at for offer in page.offers if offer.published_at]
    feed.updated(max(dates) if dates else datetime.combine(today(), time(), UTC))
    for offer in reversed(page.offers):  # feedgen lists the last added entry first
        entry = feed.add_entry()
        entry.id(base + offer_path(offer.reference))
        entry.title(f"{offer.title} – {offer.reference}")
        entry.link(href=base + offer_path(offer.reference))
        entry.summary(html_to_text(offer.post_description)[:500] or offer.title)
        if offer.published_at:
            entry.published(offer.published_at)
            entry.updated(offer.published_at)
    body: bytes = feed.atom_str(pretty=True)
    return cacheable(request, body, "application/atom+xml; charset=utf-8")


async def offer_attachment(request: Request) -> Response:
    attachment = await attachment_of(
        request.path_params["reference"], request.path_params["attachment_id"]
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


def _small_page(
    title: str,
    body: str,
    status: int = 200,
    *,
    back: tuple[str, str] = ("Mes recherches", SAVED_SEARCHES),
) -> HTMLResponse:
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – PASS</title></head>"
        '<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">'
        f'<h1 style="color:#000091">{escape(title)}</h1>{body}'
        f'<p><a href="{back[1]}">{escape(back[0])}</a> · <a href="{HOME}">Accueil</a></p>'
        "</body></html>"
    )
    return HTMLResponse(page, status_code=status)


_STOP_FORM = (
    '<form method="post"><p>Ne plus recevoir d&rsquo;e-mail pour les nouvelles offres de cette '
    'recherche ?</p><button type="submit" style="background:#000091;color:white;'
    'padding:.6rem 1rem;border:0">Arrêter l&rsquo;alerte</button></form>'
)


async def stop_alert_link(request: Request) -> Response:
    """GET shows what will stop (mail scanners open links); POST stops it, which is also what
    mail programs do for a one-click unsubscribe (List-Unsubscribe-Post)."""
    ids = verified_search_ids(request.path_params["ids"], request.path_params["signature"])
    if ids is None:
        return _small_page("Lien invalide", "<p>Ce lien d'arrêt d'alerte est invalide.</p>", 404)
    if request.method == "POST":
        names = await stop_alerts(ids)
        if not names:
            return _small_page("Alerte déjà supprimée", "<p>Cette recherche n'existe plus.</p>")
        listed = "".join(f"<li>{escape(n)}</li>" for n in names)
        return _small_page(
            "Alerte arrêtée",
            f"<p>Vous ne recevrez plus d'e-mail pour :</p><ul>{listed}</ul>",
        )
    return _small_page("Arrêter l'alerte", _STOP_FORM)


async def data_export_download(request: Request) -> Response:
    """The zip of « Télécharger mes données », by the mailed link; a GET changes nothing, so
    mail scanners opening the link do no harm, and it works until it expires."""
    export = await data_export_for_token(request.query_params.get("jeton"))
    if export is None:
        return _small_page(
            "Lien expiré ou invalide",
            "<p>Ce lien de téléchargement de vos données n'est plus valable : il a expiré "
            "(il ne sert que 48 heures), ou une demande plus récente l'a remplacé.</p>"
            f'<p>Vous pouvez en demander un nouveau depuis <a href="{ACCOUNT_HOME}">Mon '
            "compte</a>, bouton « Télécharger mes données ».</p>",
            404,
            back=("Mon compte", ACCOUNT_HOME),
        )
    return FileResponse(
        export.path,
        media_type="application/zip",
        filename=export.filename,
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Referrer-Policy": "no-referrer",
        },
    )


routes = [
    Route("/health", health),
    Route(FEED, offers_feed),
    Route(ATTACHMENT_ROUTE, offer_attachment),
    Route(DOCUMENT_ROUTE, candidate_document),
    Route(STOP_ALERTS_ROUTE, stop_alert_link, methods=["GET", "POST"]),
    Route(DATA_EXPORT_DOWNLOAD, data_export_download),
]
