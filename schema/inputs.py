"""Client values checked before they reach the database.

Tortoise refuses a filter value longer than its column with its own message (« reference:
Length of '…' 30 > 20 »), and PostgreSQL refuses an integer beyond its type: both would be
unexpected failures. A value that cannot name any row is simply not found.
"""

from __future__ import annotations

from models.offers import Offer

__all__ = ["MAX_ROW_ID", "is_reference", "row_id"]

# Row ids are PostgreSQL `integer` / SQLite integers: beyond this no row can have them.
MAX_ROW_ID = 2**31 - 1
_REFERENCE_LENGTH: int = Offer._meta.fields_map["reference"].max_length  # type: ignore[attr-defined]


def is_reference(value: str) -> bool:
    """Whether the value could be an offer reference (short enough for its column)."""
    return 0 < len(value) <= _REFERENCE_LENGTH


def row_id(raw: str) -> int:
    """The row id a client sent as an ID, or -1 (no such row) when it cannot be one."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return -1
    value = int(text)
    return value if 0 < value <= MAX_ROW_ID else -1
