"""The orders of search results, and the cursors that keep pages exact in each.

Every order is a sequence of groups of offers, newest first within a group (highest publication
number first): RELEVANCE has the offers whose title holds every keyword, then the others;
NEWEST one group; DEADLINE one group per end date, soonest first, then the offers without one.
A cursor names its order, its group (by the group's place in the order, not by its rank, so
that it stays right while offers come and go) and the last offer shown.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pyroaring import BitMap

from models.search.criteria import InvalidCriteria
from models.search.errors import SearchErrorCode

__all__ = [
    "NO_DEADLINE",
    "ORDER_QUERY_NAME",
    "Cursor",
    "InvalidCursor",
    "SearchOrder",
    "decode_cursor",
    "distance_needs_a_place",
    "encode_cursor",
    "order_from_query",
    "order_to_query",
    "page_of",
]


class SearchOrder(StrEnum):
    RELEVANCE = "relevance"  # title holds every keyword first, then newest
    NEWEST = "newest"  # newest published first
    DEADLINE = "deadline"  # application deadline soonest first, none last, then newest
    DISTANCE = "distance"  # nearest the first `near` place first: needs a place


def distance_needs_a_place() -> InvalidCriteria:
    return InvalidCriteria(
        "order",
        SearchErrorCode.ORDER_NEEDS_PLACE,
        "Le tri par distance demande un lieu : indiquez un lieu et un rayon",
    )


# The group of offers without an end date, after every date (date.max's ordinal is 3652059).
NO_DEADLINE = 10_000_000


# In the site's addresses, in French because candidates see and share them; relevance, the
# default, is left out so that the addresses of searches stay as they were.
ORDER_QUERY_NAME = "tri"
_QUERY_VALUES = {
    SearchOrder.RELEVANCE: "pertinence",
    SearchOrder.NEWEST: "date",
    SearchOrder.DEADLINE: "echeance",
    SearchOrder.DISTANCE: "distance",
}


def order_to_query(order: SearchOrder) -> list[tuple[str, str]]:
    return [] if order is SearchOrder.RELEVANCE else [(ORDER_QUERY_NAME, _QUERY_VALUES[order])]


def order_from_query(params: Mapping[str, Sequence[str]]) -> SearchOrder:
    """The order an address asks for (relevance when none); InvalidCriteria if unknown."""
    given = list(params.get(ORDER_QUERY_NAME, ()))
    if not given or not given[0]:
        return SearchOrder.RELEVANCE
    for order, value in _QUERY_VALUES.items():
        if value == given[0]:
            return order
    raise InvalidCriteria(
        "order", SearchErrorCode.UNKNOWN_CODE, f"Code inconnu pour « Tri » : {given[0]}"
    )


class InvalidCursor(ValueError):
    pass


_INVALID = "Curseur de pagination invalide"
_LETTERS = {
    SearchOrder.RELEVANCE: "r",
    SearchOrder.NEWEST: "n",
    SearchOrder.DEADLINE: "d",
    SearchOrder.DISTANCE: "k",
}


@dataclass(frozen=True, slots=True)
class Cursor:
    """After the offer `seq` of the group at `place` (groups come in increasing place)."""

    order: SearchOrder
    place: int
    seq: int


def encode_cursor(cursor: Cursor) -> str:
    text = f"v2:{_LETTERS[cursor.order]}:{cursor.place}:{cursor.seq}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text: str, order: SearchOrder) -> Cursor:
    """The cursor, which must have been made for `order`: a page of another order would
    start at an arbitrary place."""
    try:
        padded = text + "=" * (-len(text) % 4)
        parts = base64.urlsafe_b64decode(padded).decode().split(":")
        if parts[0] == "v1" and len(parts) == 3 and parts[1] in ("0", "1"):
            # Before orders existed (relevance only): tier 1 (title matches) came first.
            found = Cursor(SearchOrder.RELEVANCE, 1 - int(parts[1]), int(parts[2]))
        elif parts[0] == "v2" and len(parts) == 4:
            letter, place, seq = parts[1:]
            orders = [o for o, known in _LETTERS.items() if known == letter]
            if not orders:
                raise ValueError(text)
            found = Cursor(orders[0], int(place), int(seq))
        else:
            raise ValueError(text)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidCursor(_INVALID) from None
    # Publication numbers are the bitmaps' 32-bit integers: beyond, a bitmap would refuse it.
    if found.order is not order or not 0 <= found.seq < 2**32 or abs(found.place) >= 2**32:
        raise InvalidCursor(_INVALID)
    return found


def page_of(
    groups: Iterator[tuple[int, BitMap]],
    order: SearchOrder,
    *,
    first: int,
    after: Cursor | None,
    skip: int,
) -> tuple[list[Cursor], bool]:
    """Up to `first` offers after the cursor and `skip` more, from groups given in increasing
    place; and whether more follow. Groups wholly before the cursor are not even counted."""
    page: list[Cursor] = []
    for place, members in groups:
        if after is not None and place < after.place:
            continue
        if after is not None and place == after.place:
            remaining = members.rank(after.seq - 1) if after.seq > 0 else 0
        else:
            remaining = len(members)
        skipped = min(skip, remaining)
        skip -= skipped
        remaining -= skipped
        while remaining > 0 and len(page) <= first:
            remaining -= 1
            page.append(Cursor(order, place, members[remaining]))
        if len(page) > first:
            break
    return page[:first], len(page) > first
