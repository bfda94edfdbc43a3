"""`uploadDocument` (GraphQL multipart request spec) and `deleteDocument`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from models.documents.library import add_document, delete_document
from models.errors import UserErrors
from schema.accounts.auth import require_candidate
from schema.context import Info
from schema.documents.types import Document, DocumentCategory, document_from_row
from schema.inputs import row_id
from schema.user_errors import UserError, user_errors

__all__ = ["DocumentMutation"]

CHUNK = 1 << 20


@strawberry.type
class UploadDocumentPayload:
    document: Document | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteDocumentPayload:
    ok: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _chunks(file: Upload) -> AsyncIterator[bytes]:
    # On Starlette, an Upload is an UploadFile: spooled to disk past 1 MB, read in chunks here.
    upload: UploadFile = file  # type: ignore[assignment]
    while chunk := await upload.read(CHUNK):
        yield chunk


@strawberry.type
class DocumentMutation:
    @strawberry.mutation(
        description="Adds a file (multipart request; send the header "
        "`Apollo-Require-Preflight: true`). At most 3 per category, 150 MB each; the type is "
        "checked by extension and by content."
    )
    async def upload_document(
        self, info: Info, category: DocumentCategory, file: Upload
    ) -> UploadDocumentPayload:
        candidate = await require_candidate(info)
        filename = str(getattr(file, "filename", "") or "")
        try:
            row = await add_document(candidate, category.value, filename, _chunks(file))
        except UserErrors as error:
            return UploadDocumentPayload(user_errors=user_errors(error))
        return UploadDocumentPayload(document=document_from_row(row))

    @strawberry.mutation(description="Removes the document and its file.")
    async def delete_document(self, info: Info, id: strawberry.ID) -> DeleteDocumentPayload:
        candidate = await require_candidate(info)
        try:
            await delete_document(candidate, row_id(id))
        except UserErrors as error:
            return DeleteDocumentPayload(user_errors=user_errors(error))
        return DeleteDocumentPayload(ok=True)
