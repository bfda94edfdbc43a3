"""A file uploader that never reads more than its limit, and its French header and file list.

Shared by the candidates' documents and the recruiters' offer attachment: the site's two
places that take files from a browser.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from nicegui import app, ui
from nicegui.elements.upload_files import create_file_upload
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from models.body_limit import TooLarge, bounded_receive, declared_too_large

__all__ = ["UPLOAD_LIST", "BoundedUpload", "upload_header"]

# A multipart body is the file plus its boundaries and part headers: a few hundred bytes.
_MULTIPART_SLACK = 64 * 1024


class BoundedUpload(ui.upload):
    """`ui.upload` whose route stops reading a request body once it is past the size limit.

    NiceGUI's own route parses the whole multipart body before any handler runs, spooled to a
    temporary file past 1 MB, whatever its size: `max_file_size` is checked by the browser
    only. This route refuses a body announced too large before reading it, and one found too
    large while it arrives, so a client that skips the browser's check cannot fill the
    server's disk; the domain still checks the exact size of the file itself.
    """

    def __init__(self, *, limit: int, on_too_large: Callable[[], None], **options: Any) -> None:
        super().__init__(**options)
        self._limit = limit
        self._on_too_large = on_too_large
        # Same address, our handler: NiceGUI removes routes by this path when the element goes.
        app.remove_route(self._registered_url)
        app.post(self._registered_url, include_in_schema=False, response_model=None)(
            self._bounded_route
        )

    def _refuse(self) -> Response:
        self._on_too_large()
        self.reset()
        return JSONResponse({"detail": "Fichier trop volumineux"}, status_code=413)

    async def _bounded_route(self, request: Request) -> Response:
        if self.is_ignoring_events:
            return JSONResponse({"detail": "Upload is disabled or hidden"}, status_code=403)
        limit = self._limit + _MULTIPART_SLACK
        if declared_too_large(request.headers.get("content-length"), limit):
            return self._refuse()
        # A chunked body announces no length: it is counted as it arrives.
        counted = bounded_receive(request.receive, limit)
        try:
            async with Request(request.scope, counted).form(max_files=1, max_fields=10) as form:
                files = [
                    await create_file_upload(value)
                    for value in form.values()
                    if isinstance(value, UploadFile)
                ]
        except TooLarge:
            return self._refuse()
        await self.handle_uploads(files)
        return JSONResponse({"upload": "success"})


def upload_header(add_label: str) -> str:
    """The uploader's header: a button named in words (Quasar's default is a bare « + »).

    Quasar puts its file input inside the button it opens: an unnamed field within a button,
    two controls where a screen reader should meet one. Here the button is the only control
    and the input, out of the page's flow, is only what the button clicks."""
    label = html.escape(add_label, quote=True)
    return f"""
<div class="q-uploader__header-content row items-center no-wrap q-pa-sm" style="gap: .5rem">
  <q-btn v-if="props.canAddFiles" unelevated no-caps color="white" text-color="primary"
         icon="upload_file" label="{label}" @click="props.pickFiles" class="pass-add-file" />
  <span v-if="props.canAddFiles" style="display: none"><q-uploader-add-trigger /></span>
  <q-spinner v-if="props.isUploading" size="1.5em" aria-hidden="true" />
  <span v-if="props.isUploading">Envoi en cours…</span>
</div>
"""


# The file being sent, with its progress in French; « Retirer » for a sending that failed.
UPLOAD_LIST = """
<div v-if="props.files.length === 0" class="text-body2 text-grey-9">
  Choisissez un fichier, ou glissez-le ici.
</div>
<div v-for="file in props.files" :key="file.__key" class="q-py-xs">
  <div class="text-weight-bold" style="overflow-wrap: anywhere">{{ file.name }}</div>
  <q-linear-progress :value="file.__progress" color="primary" class="q-my-xs"
                     :aria-label="'Envoi de ' + file.name" />
  <div class="text-body2">
    <span v-if="file.__status === 'uploaded'">Reçu, vérification du fichier…</span>
    <span v-else-if="file.__status === 'failed'">L'envoi a échoué.</span>
    <span v-else>Envoi : {{ Math.round(file.__progress * 100) }} %</span>
    <q-btn v-if="file.__status === 'failed'" flat dense no-caps color="primary"
           label="Retirer" @click="props.removeFile(file)" />
  </div>
</div>
"""
