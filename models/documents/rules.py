"""What the manual allows: types per category, three files each, 150 MB per file."""

from __future__ import annotations

from models.documents.tables import DocumentCategory

__all__ = ["ALLOWED_EXTENSIONS", "CONTENT_TYPES", "MAX_PER_CATEGORY", "rules_sentence"]

MAX_PER_CATEGORY = 3

ALLOWED_EXTENSIONS: dict[DocumentCategory, tuple[str, ...]] = {
    DocumentCategory.CV: ("pdf", "doc", "docx", "odt", "jpg", "png", "jpeg"),
    DocumentCategory.COVER_LETTER: ("pdf", "doc", "docx", "odt", "jpg", "png", "jpeg"),
    DocumentCategory.OTHER: ("pdf", "jpg", "png", "jpeg", "doc", "docx"),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def rules_sentence(category: DocumentCategory, max_bytes: int) -> str:
    types = ", ".join(ALLOWED_EXTENSIONS[category])
    return (
        f"Format PDF à privilégier. {MAX_PER_CATEGORY} fichiers au plus, "
        f"{max_bytes // 1_000_000} Mo au plus chacun. Types acceptés : {types}."
    )
