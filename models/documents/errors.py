"""The codes of the mistakes only documents report (the generic ones are `ErrorCode`)."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["DocumentErrorCode"]


class DocumentErrorCode(UserErrorCode):
    TYPE_NOT_ALLOWED = "type_not_allowed"  # the extension, for that category
    TOO_LARGE = "too_large"
    CONTENT_MISMATCH = "content_mismatch"  # the content is not what the extension says
    ABNORMAL_ARCHIVE = "abnormal_archive"  # an archive-based file built to exhaust its reader
