"""Daily digests: one mail per candidate and day listing that day's new matches, newest first.

Matching (`models.alerts.delivery`) leaves a DigestEntry per daily search and offer, dated the
day it was matched. Once that day is over (and from 7 a.m., Paris time, so the mail lands in
the morning) `send_digest` writes the DigestDelivery of the (candidate, day) — unique, so two
runs at once give one mail — queues the mail and deletes the entries, in one transaction.
Entries of a search whose alert was switched off, or that was deleted, are dropped unsent.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.alerts.delivery import offer_facts
from models.alerts.search_words import search_entry
from models.alerts.tables import DigestDelivery, DigestEntry
from models.alerts.unsubscribe import unsubscribe_path
from models.clock import PARIS, now
from models.mail.outbox import queue_mail
from models.mail.tables import OutgoingMail
from models.offers.tables import OfferStatus
from models.offers.wording import french_date
from models.reference.labels import vocabulary

__all__ = ["DIGEST_HOUR", "due_digests", "send_digest", "send_due_digests"]

DIGEST_HOUR = 7


async def due_digests(moment: datetime | None = None) -> list[tuple[int, date]]:
    """(candidate id, day) pairs whose digest can go: days before today, after 7 a.m."""
    local = (moment or now()).astimezone(PARIS)
    if local.hour < DIGEST_HOUR:
        return []
    rows = (
        await DigestEntry.filter(day__lt=local.date())
        .distinct()
        .order_by("day", "candidate_id")
        .values_list("candidate_id", "day")
    )
    return [(int(c), d) for c, d in rows]


async def send_digest(candidate_id: int, day: date) -> OutgoingMail | None:
    """Queues the digest of this candidate and day, or nothing if it has gone or is empty."""
    try:
        async with in_transaction():
            entries = await DigestEntry.filter(candidate_id=candidate_id, day=day).prefetch_related(
                "saved_search", "offer", "candidate"
            )
            if not entries:
                return None
            kept = [
                e
                for e in entries
                if e.saved_search.alert_enabled and e.offer.status is OfferStatus.PUBLISHED
            ]
            await DigestEntry.filter(id__in=[e.id for e in entries]).delete()
            if not kept or await DigestDelivery.exists(candidate_id=candidate_id, day=day):
                return None
            await DigestDelivery.create(candidate_id=candidate_id, day=day)
            return await queue_mail("offer_digest", kept[0].candidate.email, await _context(kept))
    except IntegrityError:
        return None  # another run queued this digest a moment ago


async def _context(entries: list[DigestEntry]) -> dict[str, object]:
    words = await vocabulary()
    site = account_config().site_url
    names: dict[int, set[str]] = defaultdict(set)
    offers = {}
    searches = {}
    for entry in entries:
        offers[entry.offer.id] = entry.offer
        names[entry.offer.id].add(entry.saved_search.name)
        searches[entry.saved_search.id] = entry.saved_search
    newest_first = sorted(offers.values(), key=lambda o: o.seq or 0, reverse=True)
    listed = []
    for offer in newest_first:
        facts = offer_facts(offer, words, site)
        listed.append(
            {
                "title": facts["offer_title"],
                "reference": facts["offer_reference"],
                "type": facts["offer_type"],
                "place": facts["offer_place"],
                "level": facts["offer_level"],
                "start": facts["offer_start"],
                "url": facts["offer_url"],
                "searches": sorted(names[offer.id], key=str.casefold),
            }
        )
    ordered = sorted(searches.values(), key=lambda s: s.name.casefold())
    return {
        "site_url": site,
        "first_name": entries[0].candidate.first_name,
        "day": french_date(entries[0].day),
        "offers": listed,
        "searches": [await search_entry(s, words, site) for s in ordered],
        "unsubscribe_url": site + unsubscribe_path([s.id for s in ordered]),
    }


async def send_due_digests(moment: datetime | None = None) -> list[OutgoingMail]:
    mails = []
    for candidate_id, day in await due_digests(moment):
        mail = await send_digest(candidate_id, day)
        if mail is not None:
            mails.append(mail)
    return mails
