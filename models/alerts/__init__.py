"""Matching new offers against saved searches: one meaning of "matches" with the search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.alerts.delivery import deliver_alerts, pending_match_ids, prepare_alerts
    from models.alerts.digests import send_due_digests
    from models.alerts.matching import matches
    from models.alerts.preview import (
        WINDOW_DAYS,
        AlertPreview,
        alert_preview,
        expected_per_week,
        forget_alert_preview,
        pace_in_words,
        pace_sentence,
    )
    from models.alerts.unsubscribe import stop_alerts, verified_search_ids

__all__ = [
    "WINDOW_DAYS",
    "AlertPreview",
    "alert_preview",
    "deliver_alerts",
    "expected_per_week",
    "forget_alert_preview",
    "matches",
    "pace_in_words",
    "pace_sentence",
    "pending_match_ids",
    "prepare_alerts",
    "send_due_digests",
    "stop_alerts",
    "verified_search_ids",
]

__getattr__ = exports_of(__name__, __file__)
