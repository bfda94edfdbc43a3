"""The open data files at their stable addresses (/donnees/offres.csv and .json), served from
the current export (models.opendata) with validators so that mirrors fetch them only when
they changed: a strong ETag (the content's hash), Last-Modified, one hour of caching, and 304
for a conditional request that still matches."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from email.utils import format_datetime, parsedate_to_datetime

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from models.clock import PARIS
from models.opendata import ExportFile, OpenDataExport, current_export, open_data_dir
from models.site_paths import OPEN_DATA, OPEN_DATA_CSV, OPEN_DATA_JSON

__all__ = ["open_data_routes"]

CACHE_CONTROL = "public, max-age=3600"
# The worker makes the first export at its start: a few minutes at most for most catalogues.
RETRY_AFTER_SECONDS = 300


def _not_ready() -> Response:
    return JSONResponse(
        {
            "erreur": "export_indisponible",
            "message": (
                "Le premier export des offres est en cours de préparation : "
                f"réessayez dans quelques minutes. Voir {OPEN_DATA}."
            ),
        },
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison, which If-None-Match uses."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def _not_modified(request: Request, export: OpenDataExport, file: ExportFile) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _matches(if_none_match, file.etag)
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            return export.generated_at <= parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
    return False


def _serve(format: str) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        export = await anyio.to_thread.run_sync(current_export)
        if export is None:
            return _not_ready()
        file = export.file(format)
        headers = {
            "ETag": file.etag,
            "Last-Modified": format_datetime(export.generated_at, usegmt=True),
            "Cache-Control": CACHE_CONTROL,
        }
        if _not_modified(request, export, file):
            return Response(status_code=304, headers=headers)
        path = open_data_dir() / file.stored_as
        try:
            stat = await anyio.to_thread.run_sync(os.stat, path)
        except FileNotFoundError:  # removed by hand: the next export puts it back
            return _not_ready()
        day = export.generated_at.astimezone(PARIS).date().isoformat()
        return FileResponse(
            path,
            stat_result=stat,
            media_type=file.content_type,
            filename=f"pass-offres-{day}.{format}",
            headers=headers,
        )

    return serve


open_data_routes = [
    Route(OPEN_DATA_CSV, _serve("csv"), methods=["GET", "HEAD"]),
    Route(OPEN_DATA_JSON, _serve("json"), methods=["GET", "HEAD"]),
]
