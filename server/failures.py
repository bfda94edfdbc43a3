"""The answer to a request that failed in an unexpected way (a bug, a service down): a French
message with an error id, also written to the log with the traceback — never the internal
message. GraphQL resolvers mask their own failures (schema.errors); this catches the rest."""

from __future__ import annotations

import logging
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from models.errors import internal_error_message, new_error_id
from schema.errors import INTERNAL_ERROR
from server.security_headers import API_POLICY, COMMON_HEADERS

__all__ = ["unexpected_failure"]

log = logging.getLogger("pass.failures")

_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur – PASS</title></head>
<body><h1>Une erreur s'est produite</h1><p>{message}</p><p><a href="/">Retour à l'accueil</a></p>
</body></html>"""


async def unexpected_failure(request: Request, error: Exception) -> Response:
    error_id = new_error_id()
    log.error(
        "unexpected failure %s on %s %s",
        error_id,
        request.method,
        request.url.path,
        exc_info=(type(error), error, error.__traceback__),
    )
    message = internal_error_message(error_id)
    headers = {name: value for name, value in COMMON_HEADERS}
    headers["content-security-policy"] = "; ".join(API_POLICY)
    if "text/html" in request.headers.get("accept", "") and request.url.path != "/graphql":
        page = _PAGE.format(message=escape(message, quote=False))
        return HTMLResponse(page, 500, headers=headers)
    body = {
        "errors": [
            {"message": message, "extensions": {"code": INTERNAL_ERROR, "errorId": error_id}}
        ]
    }
    return JSONResponse(body, 500, headers=headers)
