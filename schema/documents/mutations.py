"""`uploadDocument` (GraphQL multipart request spec) and `deleteDocument`."""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from models.documents import add_document, delete_document
from schema.accounts.auth import require_account
from schema.context import Info
from schema.documents.types import Document, DocumentCategory, document_from_row
from schema.inputs import row_id
from schema.user_errors import UserError, user_errors_as

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
    @user_errors_as(UploadDocumentPayload)
    async def upload_document(
        self, info: Info, category: DocumentCategory, file: Upload
    ) -> UploadDocumentPayload:
        candidate = await require_account(info)
        filename = str(getattr(file, "filename", "") or "")
        row = await add_document(candidate, category.value, filename, _chunks(file))
        return UploadDocumentPayload(document=document_from_row(row))

    @strawberry.mutation(description="Removes the document and its file.")
    @user_errors_as(DeleteDocumentPayload)
    async def delete_document(self, info: Info, id: strawberry.ID) -> DeleteDocumentPayload:
        candidate = await require_account(info)
        await delete_document(candidate, row_id(id))
        return DeleteDocumentPayload(ok=True)
