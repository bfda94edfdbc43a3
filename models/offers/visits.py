"""Visits of offer pages, counted without personal data: one number per offer and day.

Nothing about the visitor is read or kept but the User-Agent header, looked at once to leave
out robots and thrown away. No address, no cookie, no identifier: a visitor who comes back is
counted again, which is the price of knowing nothing about them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum

from models.clock import today
from models.offers.tables import OfferVisitDay

__all__ = ["count_visit", "is_robot", "visits_by_offer"]

# What crawlers, link previewers and scripts say they are. Cheap and not exhaustive: a robot that
# passes for a browser is counted, as a person would be.
_ROBOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"curl/|wget/|python|httpx|aiohttp|go-http-client|java/|okhttp|libwww|headlesschrome",
    re.IGNORECASE,
)


def is_robot(user_agent: str) -> bool:
    return not user_agent.strip() or _ROBOT.search(user_agent) is not None


async def count_visit(offer_id: int, *, user_agent: str, on: date | None = None) -> bool:
    """One more visit of the offer today, unless a robot asks; says whether it was counted."""
    if is_robot(user_agent):
        return False
    day = on or today()
    row = OfferVisitDay.filter(offer_id=offer_id, day=day)
    if await row.update(visits=F("visits") + 1):
        return True
    try:
        await OfferVisitDay.create(offer_id=offer_id, day=day, visits=1)
    except IntegrityError:  # the day's first visit came from another request meanwhile
        await row.update(visits=F("visits") + 1)
    return True


async def visits_by_offer(offer_ids: Sequence[int]) -> dict[int, int]:
    """The visits of each offer, all days together (offers never visited are left out)."""
    if not offer_ids:
        return {}
    rows = (
        await OfferVisitDay.filter(offer_id__in=list(offer_ids))
        .group_by("offer_id")
        .annotate(total=Sum("visits"))
        .values_list("offer_id", "total")
    )
    return {int(offer_id): int(total or 0) for offer_id, total in rows}
