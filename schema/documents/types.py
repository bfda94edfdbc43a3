"""A candidate's document as its owner sees it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from models.documents import ALLOWED_EXTENSIONS, MAX_PER_CATEGORY, download_path
from models.documents import Document as DocumentRow
from models.documents import DocumentCategory as DomainCategory
from schema.urls import absolute_url

__all__ = ["Document", "DocumentCategory", "document_from_row"]


def _accepted(category: DomainCategory) -> str:
    return f"; accepted: {', '.join(ALLOWED_EXTENSIONS[category])}."


@strawberry.enum(
    description=f"What a document is; a candidate keeps at most {MAX_PER_CATEGORY} of each."
)
class DocumentCategory(Enum):
    _value_: str  # as every value is (`strawberry.enum_value` hides it from mypy)
    CV = strawberry.enum_value(
        "cv", description="A curriculum vitae" + _accepted(DomainCategory.CV)
    )
    COVER_LETTER = strawberry.enum_value(
        "cover_letter",
        description="A cover letter" + _accepted(DomainCategory.COVER_LETTER),
    )
    OTHER = strawberry.enum_value(
        "other",
        description="Any other document (a diploma, a reference…)"
        + _accepted(DomainCategory.OTHER),
    )


@strawberry.type(description="A private document: only its owner can list or download it.")
class Document:
    id: strawberry.ID = strawberry.field(
        description="The document's number, for `deleteDocument` (not a `node` global id)."
    )
    category: DocumentCategory = strawberry.field(description="What the document is.")
    filename: str = strawberry.field(description="Cleaned for display; never used as a path.")
    content_type: str = strawberry.field(
        description="Its MIME type, from its extension (« application/pdf »)."
    )
    size: int = strawberry.field(description="In bytes.")
    sha256: str = strawberry.field(
        description="The SHA-256 digest of its content, 64 lower-case hexadecimal digits: "
        "compare it to check a download."
    )
    created_at: datetime = strawberry.field(
        description="When it was uploaded (ISO 8601 date and time with its offset, in UTC)."
    )
    download_url: str = strawberry.field(
        description="An absolute address on the site (PASS_SITE_URL), signed and valid 15 "
        "minutes, that serves the file as an attachment. Only the owner receives it."
    )


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=strawberry.ID(str(row.id)),
        category=DocumentCategory(row.category.value),
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        created_at=row.created_at,
        download_url=absolute_url(download_path(row)),
    )
