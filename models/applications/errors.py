"""The codes of the mistakes only the application tracker reports."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["ApplicationErrorCode"]


class ApplicationErrorCode(UserErrorCode):
    ALREADY_RECORDED = "already_recorded"  # this offer is already in the candidate's tracker
