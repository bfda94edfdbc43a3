"""The codes of the mistakes only offers report (the generic ones are `ErrorCode`)."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["OfferErrorCode"]


class OfferErrorCode(UserErrorCode):
    PAST = "past"  # an end of publication already passed
    NOT_DRAFT = "not_draft"  # publishing an offer that is no longer a draft
    ARCHIVED = "archived"  # editing an archived offer
    IMMUTABLE = "immutable"  # changing an offer's type
    UNREADABLE = "unreadable"  # an import file that cannot be read as UTF-8 text
    FORMAT = "format"  # an import file neither .json nor .csv
