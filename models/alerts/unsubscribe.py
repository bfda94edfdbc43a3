"""One-click unsubscribe links: signed, naming the saved searches whose alert they stop."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from models.accounts.config import account_config
from models.saved_searches.tables import SavedSearch
from models.site_paths import stop_alerts_path

__all__ = ["stop_alerts", "unsubscribe_path", "verified_search_ids"]


def _signature(ids: str) -> str:
    key = account_config().secret.encode()
    digest = hmac.new(key, f"unsubscribe:{ids}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def unsubscribe_path(search_ids: Sequence[int]) -> str:
    ids = "-".join(str(i) for i in sorted(search_ids))
    return stop_alerts_path(ids, _signature(ids))


def verified_search_ids(ids: str, signature: str) -> list[int] | None:
    if not hmac.compare_digest(_signature(ids), signature):
        return None
    try:
        return [int(i) for i in ids.split("-")]
    except ValueError:
        return None


async def stop_alerts(search_ids: Sequence[int]) -> list[str]:
    """Switches the alerts off; returns the names of the searches concerned."""
    from models.clock import now

    searches = await SavedSearch.filter(id__in=list(search_ids))
    for search in searches:
        if search.alert_enabled:
            search.alert_enabled = False
            search.alert_changed_at = now()
            await search.save(update_fields=["alert_enabled", "alert_changed_at", "updated_at"])
    return [s.name for s in searches]
