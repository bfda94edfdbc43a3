"""The codes of the mistakes only documents report (the generic ones are `ErrorCode`,
which include TOO_LARGE and CONTENT_MISMATCH, shared with offers' attachments)."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["DocumentErrorCode"]


class DocumentErrorCode(UserErrorCode):
    TYPE_NOT_ALLOWED = "type_not_allowed"  # the extension, for that category
    ABNORMAL_ARCHIVE = "abnormal_archive"  # an archive-based file built to exhaust its reader
