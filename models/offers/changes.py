"""The offers' change journal, for mirrors: what was published, updated, withdrawn or expired,
in the order it was recorded, resumable from an opaque cursor.

Rows are written by the offer writes themselves (publishing, editing, archiving), inside their
transaction and under the offer-writes lock: ids follow the order of the commits, so a cursor
(the last id seen) never skips a change committed later with a smaller id. Kept
CHANGES_RETENTION; older `since` values and cursors are refused rather than answered with a
silent gap.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from models.clock import PARIS, now
from models.offers.tables import Offer, OfferChange, OfferChangeKind, OfferStatus

__all__ = [
    "CHANGES_RETENTION",
    "MAX_CHANGES_PAGE",
    "ChangesExpired",
    "ChangesPage",
    "InvalidChangesCursor",
    "expiry_instant",
    "forget_old_changes",
    "offer_changes",
    "record_changes",
]

CHANGES_RETENTION = timedelta(days=90)
MAX_CHANGES_PAGE = 500
_CURSOR_PREFIX = "chg1:"


class ChangesExpired(ValueError):
    """`since` or the cursor is older than the journal keeps: the mirror must start over."""


class InvalidChangesCursor(ValueError):
    """Not a cursor of `offer_changes`."""


def expiry_instant(expires_on: date) -> datetime:
    """When an offer ending on that day leaves the results: the next midnight, Paris time."""
    return datetime.combine(expires_on + timedelta(days=1), time(0), PARIS)


async def record_changes(
    offers: Sequence[Offer], kind: OfferChangeKind, at: datetime | None = None
) -> None:
    """To call inside the transaction of the change, after taking the offer-writes lock."""
    if not offers:
        return
    recorded = now()
    rows = [
        OfferChange(
            offer_id=offer.id,
            reference=offer.reference,
            kind=kind,
            at=_when(offer, kind, at or recorded),
            recorded_at=recorded,
        )
        for offer in offers
    ]
    await OfferChange.bulk_create(rows, batch_size=1000)


def _when(offer: Offer, kind: OfferChangeKind, default: datetime) -> datetime:
    if kind is OfferChangeKind.EXPIRED and offer.expires_on is not None:
        return expiry_instant(offer.expires_on)
    return default


@dataclass(frozen=True, slots=True)
class ChangesPage:
    changes: list[OfferChange]
    # The offers named, by id, as they are now (the same offer for each of its changes).
    offers: dict[int, Offer]
    cursors: list[str]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _encode(change: OfferChange) -> str:
    moment = change.recorded_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = f"{_CURSOR_PREFIX}{change.id}:{(moment - _EPOCH) // timedelta(microseconds=1)}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[int, datetime]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        number, moment = text.removeprefix(_CURSOR_PREFIX).split(":")
        recorded = _EPOCH + timedelta(microseconds=int(moment))
        return int(number), recorded
    except (ValueError, UnicodeError, binascii.Error, OverflowError, OSError):
        raise InvalidChangesCursor("not a cursor of offerChanges") from None


async def offer_changes(
    since: datetime, *, first: int = 100, after: str | None = None
) -> ChangesPage:
    """The changes recorded at or after `since`, oldest first; with `after` (a cursor of a
    previous page), those recorded after it instead, whatever `since`. Raises ChangesExpired
    when either is older than the retention, InvalidChangesCursor for a wrong cursor."""
    if not 1 <= first <= MAX_CHANGES_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_CHANGES_PAGE}")
    horizon = now() - CHANGES_RETENTION
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    found = OfferChange.all()
    if after is not None:
        last_id, recorded = _decode(after)
        if recorded < horizon:
            raise ChangesExpired("cursor older than the retention")
        found = found.filter(id__gt=last_id)
    else:
        if since < horizon:
            raise ChangesExpired("since older than the retention")
        found = found.filter(recorded_at__gte=since)
    rows = await found.order_by("id").limit(first + 1)
    page, more = rows[:first], len(rows) > first
    offer_ids = list({change.offer_id for change in page})  # type: ignore[attr-defined]
    offers = {
        offer.id: offer
        for offer in await Offer.filter(
            id__in=offer_ids, status__in=[OfferStatus.PUBLISHED, OfferStatus.ARCHIVED]
        )
    }
    return ChangesPage(page, offers, [_encode(c) for c in page], more)


async def forget_old_changes() -> int:
    """Deletes the rows past the retention (a daily job); returns how many."""
    return await OfferChange.filter(recorded_at__lt=now() - CHANGES_RETENTION).delete()
