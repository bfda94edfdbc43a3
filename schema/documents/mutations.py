"""`uploadDocument` (GraphQL multipart request spec) and `deleteDocument`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

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


@strawberry.type(description="What `uploadDocument` did.")
class UploadDocumentPayload:
    document: Document | None = strawberry.field(
        default=None, description="The document kept; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why the file was refused (LIMIT_REACHED, TYPE_NOT_ALLOWED, EMPTY, "
        "TOO_LARGE, CONTENT_MISMATCH, ABNORMAL_ARCHIVE); nothing of it is kept. Empty on "
        "success.",
    )


@strawberry.type(description="What `deleteDocument` did.")
class DeleteDocumentPayload:
    ok: bool = strawberry.field(default=False, description="True when the document was removed.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (NOT_FOUND: no such document of this account); empty "
        "on success.",
    )


# Documents are the caller's own.
_SIGNED_IN = (
    "Requires a signed-in account (`Authorization: Bearer <token>`; an UNAUTHENTICATED error "
    "without one)."
)


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
        "checked by extension and by content. " + _SIGNED_IN
    )
    @user_errors_as(UploadDocumentPayload)
    async def upload_document(
        self,
        info: Info,
        category: Annotated[
            DocumentCategory,
            strawberry.argument(description="What the file is; it decides the types accepted."),
        ],
        file: Annotated[
            Upload,
            strawberry.argument(
                description="The file, as a part of the multipart request (GraphQL multipart "
                "request specification); its name's extension must be one its category accepts."
            ),
        ],
    ) -> UploadDocumentPayload:
        candidate = await require_account(info)
        filename = str(getattr(file, "filename", "") or "")
        row = await add_document(candidate, category.value, filename, _chunks(file))
        return UploadDocumentPayload(document=document_from_row(row))

    @strawberry.mutation(description="Removes the document and its file. " + _SIGNED_IN)
    @user_errors_as(DeleteDocumentPayload)
    async def delete_document(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(
                description="The document's `id`; one that is not the account's is NOT_FOUND "
                "in `userErrors`."
            ),
        ],
    ) -> DeleteDocumentPayload:
        candidate = await require_account(info)
        await delete_document(candidate, row_id(id))
        return DeleteDocumentPayload(ok=True)
