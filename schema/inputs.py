"""Client values checked before they reach the database.

Tortoise refuses a filter value longer than its column with its own message (« reference:
Length of '…' 30 > 20 »), and PostgreSQL refuses an integer beyond its type: both would be
unexpected failures. A value that cannot name any row is simply not found.
"""

from __future__ import annotations

from models.offers import MAX_ROW_ID, could_be_reference

__all__ = ["MAX_ROW_ID", "is_reference", "row_id"]


def is_reference(value: str) -> bool:
    """Whether the value could be an offer reference (the domain's `could_be_reference`)."""
    return could_be_reference(value)


def row_id(raw: str) -> int:
    """The row id a client sent as an ID, or -1 (no such row) when it cannot be one."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return -1
    value = int(text)
    return value if 0 < value <= MAX_ROW_ID else -1
