"""Dates as the site sees them: French time, since offers end on a French calendar day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = ["PARIS", "now", "today"]

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(PARIS).date()
