"""From a published offer to alert mails, exactly once per candidate and offer.

`publish_offers` writes a PendingMatch in its transaction. `deliver_alerts` then, in one
transaction: finds the saved searches the offer matches (through the index), keeps those
whose alert was on when the offer was published, writes one AlertDelivery and one mail per
candidate (naming all their matching searches), and deletes the PendingMatch. A candidate
whose matching searches are all on a daily digest gets DigestEntry rows instead, for
`models.alerts.digests` to mail the next day. Run it twice,
or after a crash, and it finds nothing left to do or only what is missing.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import date, datetime

from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.alerts.matching import facts_of
from models.alerts.search_index import SavedSearchIndex
from models.alerts.search_words import search_entry
from models.alerts.tables import AlertDelivery, DigestEntry, PendingMatch
from models.alerts.unsubscribe import unsubscribe_path
from models.clock import today
from models.mail.messages import load_templates
from models.mail.outbox import queue_mails
from models.mail.tables import OutgoingMail
from models.offers.tables import Offer
from models.offers.wording import month_year, place
from models.reference.labels import Vocabulary, vocabulary
from models.saved_searches.saved import criteria_of
from models.saved_searches.tables import AlertFrequency, SavedSearch
from models.site_paths import offer_path

__all__ = [
    "alert_index",
    "deliver_alerts",
    "forget_alert_index",
    "offer_facts",
    "pending_match_ids",
    "prepare_alerts",
]


class _IndexState:
    def __init__(self) -> None:
        self.index = SavedSearchIndex()
        self.seen_until: datetime | None = None
        self.lock = asyncio.Lock()


_state: _IndexState | None = None


def forget_alert_index() -> None:
    global _state
    _state = None


async def alert_index() -> SavedSearchIndex:
    """This process's index of the searches with an alert on, caught up with the database."""
    global _state
    if _state is None:
        _state = _IndexState()
    state = _state
    # One catch-up at a time: the worker's warm-up and a first publication would otherwise
    # both read every search.
    async with state.lock:
        changed = SavedSearch.all().order_by("updated_at")
        if state.seen_until is not None:
            changed = changed.filter(updated_at__gte=state.seen_until)
        for search in await changed:
            if search.alert_enabled:
                state.index.put(search.id, await criteria_of(search))
            else:
                state.index.remove(search.id)
            state.seen_until = search.updated_at
    return state.index


async def prepare_alerts() -> None:
    """What the first publication's alerts would otherwise wait for: the index of the
    searches, the vocabulary the mails use and their templates. For a worker's start-up."""
    await alert_index()
    await vocabulary()
    load_templates()


async def pending_match_ids() -> list[int]:
    return [p.id for p in await PendingMatch.all().only("id").order_by("id")]


async def deliver_alerts(pending_id: int) -> list[OutgoingMail]:
    """The mails queued for this publication (to dispatch after the call returns)."""
    index = await alert_index()
    async with in_transaction():
        pending = await PendingMatch.filter(id=pending_id).select_for_update().first()
        if pending is None:
            return []
        offer = await Offer.get(id=pending.offer_id)  # type: ignore[attr-defined]
        ids = list(index.matching(facts_of(offer)))
        # The index may lag a little: the database has the last word on each search.
        searches = await SavedSearch.filter(id__in=ids, alert_enabled=True).prefetch_related(
            "candidate"
        )
        published = offer.published_at
        by_candidate: dict[int, list[SavedSearch]] = defaultdict(list)
        for search in searches:
            switched = search.alert_changed_at
            if published is None or switched is None or switched <= published:
                by_candidate[search.candidate.id].append(search)
        given = AlertDelivery.filter(offer_id=offer.id, candidate_id__in=list(by_candidate))
        already = {d.candidate_id for d in await given.only("candidate_id")}  # type: ignore[attr-defined]
        words = await vocabulary()
        site = account_config().site_url
        day = today()
        about = offer_facts(offer, words, site)
        deliveries: list[AlertDelivery] = []
        letters: list[tuple[str, str, dict[str, object]]] = []
        for candidate_id, found in by_candidate.items():
            if candidate_id in already:
                continue
            candidate = found[0].candidate
            found.sort(key=lambda s: s.name.casefold())
            instant = [s for s in found if s.alert_frequency is AlertFrequency.INSTANT]
            if not instant:
                # Only daily alerts: the offer waits for the candidate's digest of the day.
                await _hold_for_digest(candidate_id, offer.id, found, day)
                continue
            deliveries.append(AlertDelivery(candidate_id=candidate_id, offer_id=offer.id))
            letters.append(
                (
                    "offer_alert",
                    candidate.email,
                    {
                        "site_url": site,
                        "first_name": candidate.first_name,
                        **about,
                        "searches": [await search_entry(s, words, site) for s in instant],
                        "unsubscribe_url": site + unsubscribe_path([s.id for s in instant]),
                    },
                )
            )
        # One statement per table, not two per candidate: a popular offer alerts thousands.
        await AlertDelivery.bulk_create(deliveries, batch_size=500)
        mails = await queue_mails(letters)
        await pending.delete()
    return mails


async def _hold_for_digest(
    candidate_id: int, offer_id: int, searches: list[SavedSearch], day: date
) -> None:
    held = DigestEntry.filter(offer_id=offer_id, saved_search_id__in=[s.id for s in searches])
    known = {e.saved_search_id for e in await held.only("saved_search_id")}  # type: ignore[attr-defined]
    await DigestEntry.bulk_create(
        [
            DigestEntry(candidate_id=candidate_id, saved_search_id=s.id, offer_id=offer_id, day=day)
            for s in searches
            if s.id not in known
        ]
    )


def offer_facts(offer: Offer, words: Vocabulary, site: str) -> dict[str, str]:
    """What alert mails say of an offer."""
    return {
        "offer_title": offer.title,
        "offer_reference": offer.reference,
        "offer_type": words.types.get(offer.type, offer.type),
        "offer_place": place(offer, words),
        "offer_level": words.diploma_levels.get(offer.diploma_level, ""),
        "offer_start": month_year(offer.contract_start) or "non précisé",
        "offer_url": site + offer_path(offer.reference),
    }
