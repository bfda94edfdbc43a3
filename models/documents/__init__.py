"""Candidate documents (« Mes documents »): CVs, cover letters and other files, private."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.documents.downloads import document_for_link, download_path
    from models.documents.library import (
        add_document,
        clean_filename,
        delete_document,
        documents_of,
        sweep_orphan_files,
    )
    from models.documents.rules import ALLOWED_EXTENSIONS, MAX_PER_CATEGORY
    from models.documents.tables import Document, DocumentCategory

__all__ = [
    "ALLOWED_EXTENSIONS",
    "MAX_PER_CATEGORY",
    "Document",
    "DocumentCategory",
    "add_document",
    "clean_filename",
    "delete_document",
    "document_for_link",
    "documents_of",
    "download_path",
    "sweep_orphan_files",
]

__getattr__ = exports_of(__name__, __file__)
