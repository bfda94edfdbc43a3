"""The codes of wrong search criteria, in searches and in saved searches."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["SearchErrorCode"]


class SearchErrorCode(UserErrorCode):
    UNKNOWN_CODE = "unknown_code"  # a facet value the reference data does not have
    TOO_MANY_VALUES = "too_many_values"  # more values in one facet than allowed
    UNKNOWN_PLACE = "unknown_place"  # a `near` place no commune answers to
    INVALID_RADIUS = "invalid_radius"  # a `near` radius out of bounds, or not a number
    ORDER_NEEDS_PLACE = "order_needs_place"  # sorting by distance without a place
