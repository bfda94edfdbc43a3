"""Dates as the site sees them: French time, since offers end on a French calendar day."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = ["PARIS", "now", "today"]

PARIS = ZoneInfo("Europe/Paris")

# The French day last asked for, as the span of Unix time it covers: a search asks for the
# day a few dozen times (each offer's `expired`), and working it out through the time zone
# costs ten times the comparison.
_day: tuple[float, float, date] = (0.0, 0.0, date.min)


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    global _day
    start, end, day = _day
    moment = time.time()
    if start <= moment < end:
        return day
    day = datetime.fromtimestamp(moment, PARIS).date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=PARIS)
    # Wall-clock arithmetic: the next midnight, whatever the length of a day changing hour.
    _day = (midnight.timestamp(), (midnight + timedelta(days=1)).timestamp(), day)
    return day
