"""The live offers, in parts of bounded size and read in chunks, for the sitemap.

A part holds the offers whose publication number falls in its range, so a part can never grow
past its size (numbers are unique) and an offer stays in the same part as others expire; a part
with no live offer left is not listed. Reading goes by chunks of increasing number (keyset, not
OFFSET), so a million offers are never held in memory at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.clock import today
from models.offers.tables import Offer, OfferStatus

__all__ = [
    "URLS_PER_PART",
    "LiveOffer",
    "live_offer_parts",
    "live_offers_of_part",
    "live_offers_on",
]

# The sitemap protocol's limit on the URLs of one file.
URLS_PER_PART = 50_000
_CHUNK = 10_000


@dataclass(frozen=True, slots=True)
class LiveOffer:
    reference: str
    updated_at: datetime


def live_offers_on(on: date) -> QuerySet[Offer]:
    """Published and not past its end date: what the search shows (models.offers.is_expired),
    the sitemap lists and the open data export holds."""
    return Offer.filter(status=OfferStatus.PUBLISHED, seq__not_isnull=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=on)
    )


async def live_offer_parts(per_part: int = URLS_PER_PART, on: date | None = None) -> list[int]:
    """The numbers (from 1) of the parts that hold at least one live offer."""
    day = on or today()
    newest = await live_offers_on(day).order_by("-seq").first().values_list("seq", flat=True)
    if newest is None:
        return []
    top = int(newest)  # type: ignore[call-overload]
    parts = []
    for part in range(1, (top - 1) // per_part + 2):
        low, high = (part - 1) * per_part + 1, part * per_part
        if await live_offers_on(day).filter(seq__gte=low, seq__lte=high).exists():
            parts.append(part)
    return parts


async def live_offers_of_part(
    part: int, per_part: int = URLS_PER_PART, on: date | None = None
) -> AsyncIterator[list[LiveOffer]]:
    """The live offers of a part, oldest publication first, a chunk at a time."""
    day = on or today()
    after, high = (part - 1) * per_part, part * per_part
    while True:
        rows = (
            await live_offers_on(day)
            .filter(seq__gt=after, seq__lte=high)
            .order_by("seq")
            .limit(_CHUNK)
            .values_list("seq", "reference", "updated_at")
        )
        if not rows:
            return
        yield [LiveOffer(str(reference), updated) for _, reference, updated in rows]
        after = int(rows[-1][0])
