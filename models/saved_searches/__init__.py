"""Saved searches (« Mes recherches ») and their alert switch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.saved_searches.saved import (
        MAX_SAVED_SEARCHES,
        NAME_MAX,
        criteria_of,
        delete_saved_search,
        rename_saved_search,
        save_search,
        saved_search_of,
        saved_searches_of,
        set_alert,
        set_alert_frequency,
    )
    from models.saved_searches.tables import AlertFrequency, SavedSearch
    from models.saved_searches.wording import describe_criteria

__all__ = [
    "MAX_SAVED_SEARCHES",
    "NAME_MAX",
    "AlertFrequency",
    "SavedSearch",
    "criteria_of",
    "delete_saved_search",
    "describe_criteria",
    "rename_saved_search",
    "save_search",
    "saved_search_of",
    "saved_searches_of",
    "set_alert",
    "set_alert_frequency",
]

__getattr__ = exports_of(__name__, __file__)
