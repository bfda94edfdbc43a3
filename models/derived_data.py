"""Data each process derives from the database and keeps in memory (reference vocabulary, facet
index, saved-search index for alerts, the alerts' preview window, offers of recent
announcements): forgotten when a process opens or closes a database, so that it is rebuilt from
the one in use."""

from __future__ import annotations

from models.alerts.delivery import forget_alert_index
from models.alerts.preview import forget_alert_preview
from models.offers.announced import forget_announced_offers
from models.reference.labels import forget_vocabulary
from models.search.facet_index import forget_facet_index

__all__ = ["forget_derived_data"]


def forget_derived_data() -> None:
    forget_vocabulary()
    forget_facet_index()
    forget_alert_index()
    forget_alert_preview()
    forget_announced_offers()
