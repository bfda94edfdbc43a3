"""A candidate's document as its owner sees it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from models.documents import Document as DocumentRow
from models.documents import download_path

__all__ = ["Document", "DocumentCategory", "document_from_row"]


@strawberry.enum
class DocumentCategory(Enum):
    CV = "cv"
    COVER_LETTER = "cover_letter"
    OTHER = "other"


@strawberry.type(description="A private document: only its owner can list or download it.")
class Document:
    id: strawberry.ID
    category: DocumentCategory
    filename: str = strawberry.field(description="Cleaned for display; never used as a path.")
    content_type: str
    size: int = strawberry.field(description="In bytes.")
    sha256: str
    created_at: datetime
    download_url: str = strawberry.field(
        description="A path on this site, valid 15 minutes, that serves the file as an "
        "attachment. Only the owner receives it."
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
        download_url=download_path(row),
    )
