"""Creating and publishing offers: sanitising, reference numbers, search text, indexing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.alerts.tables import PendingMatch
from models.clock import now
from models.db import dialect
from models.events import announce_published
from models.jobs import enqueue_jobs
from models.offers.changes import record_changes
from models.offers.indexed_text import RICH_TEXT_FIELDS, SEARCHED_COLUMNS, indexed_text
from models.offers.sanitize import sanitize_html
from models.offers.tables import Offer, OfferChangeKind, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.geography import FRANCE, commune
from models.reference.labels import Vocabulary, vocabulary
from models.search.indexing import offer_added, offer_withdrawn, publish_to_facet_index

__all__ = [
    "RICH_TEXT_FIELDS",
    "OfferDraft",
    "Publication",
    "announce_publication",
    "archive_offers",
    "create_offers",
    "lock_offer_writes",
    "publish_in_transaction",
    "publish_offers",
]

# Any number, the same in every process: the key of PostgreSQL's advisory lock on offer writes.
_OFFER_WRITES_LOCK = 72_001


@dataclass(slots=True)
class OfferDraft:
    type: OfferType
    title: str
    diploma_level: str
    domain: str
    administration: str
    service: str
    employer_description: str = ""
    post_description: str = ""
    profile: str = ""
    additional_information: str = ""
    comments: str = ""
    workplace: str = ""
    city: str = ""
    # INSEE code; when given, city, department and region follow from it (check_draft).
    commune_code: str | None = None
    department_code: str | None = None
    region_code: str | None = None
    country_code: str = FRANCE
    contract_start: date | None = None
    duration: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_url: str = ""
    expires_on: date | None = None
    reference: str | None = None


def _search_text(offer: Offer, labels: Vocabulary) -> tuple[str, str]:
    """The offer's (search_title, search_body), with the labels of its codes."""
    return indexed_text(
        {name: getattr(offer, name) for name in SEARCHED_COLUMNS},
        domain=labels.domains.get(offer.domain_id, ""),  # type: ignore[attr-defined]
        administration=labels.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
    )


async def _next_numbers(year: int) -> dict[OfferType, int]:
    numbers = {}
    for offer_type in OfferType:
        prefix = f"{offer_type.reference_letter}-{year}-"
        references = await Offer.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        used = [
            int(str(r).rsplit("-", 1)[1]) for r in references if str(r).rsplit("-", 1)[1].isdigit()
        ]
        numbers[offer_type] = max(used, default=0) + 1
    return numbers


async def lock_offer_writes(connection: BaseDBAsyncClient) -> None:
    """Makes concurrent creations, publications and changes of offers take turns until the
    transaction ends: reference and publication numbers are read, then taken."""
    if dialect() == "postgres":
        await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [_OFFER_WRITES_LOCK])
    else:
        # A write as the first statement takes SQLite's write lock for the whole transaction
        # (waiting for another writer) instead of failing when two readers both try to write.
        await connection.execute_query("UPDATE offer SET id = id WHERE 0")


def build_offer(draft: OfferDraft, labels: Vocabulary) -> Offer:
    """An unsaved offer row from a draft: sanitised, with its search words."""
    values = {
        f.name: getattr(draft, f.name)
        for f in fields(draft)
        if f.name not in ("domain", "administration")
    }
    for name in RICH_TEXT_FIELDS:
        values[name] = sanitize_html(values[name])
    values["reference"] = values["reference"] or ""  # numbered by create_offers
    offer = Offer(
        **values,
        domain_id=draft.domain,
        administration_id=draft.administration,
        status=OfferStatus.DRAFT,
    )
    place = commune(draft.commune_code) if draft.commune_code else None
    if place is not None:
        offer.latitude, offer.longitude = place.latitude, place.longitude
    offer.search_title, offer.search_body = _search_text(offer, labels)
    return offer


async def create_offers(drafts: Sequence[OfferDraft], *, year: int | None = None) -> list[Offer]:
    """Stores drafts, giving each a reference « A-2026-0042 » unless it brings its own."""
    year = year or now().year
    labels = await vocabulary()
    async with in_transaction() as connection:
        await lock_offer_writes(connection)
        numbers = await _next_numbers(year)
        offers = []
        for draft in drafts:
            offer = build_offer(draft, labels)
            if not offer.reference:
                offer.reference = f"{draft.type.reference_letter}-{year}-{numbers[draft.type]:04d}"
                numbers[draft.type] += 1
            offers.append(offer)
        await Offer.bulk_create(offers, batch_size=1000)
        references = [o.reference for o in offers]
        stored: dict[str, Offer] = {}
        for start in range(0, len(references), 1000):
            chunk = references[start : start + 1000]
            stored.update((o.reference, o) for o in await Offer.filter(reference__in=chunk))
    return [stored[r] for r in references]


@dataclass(slots=True)
class Publication:
    """What a publication's transaction did, for `announce_publication` after the commit."""

    offers: list[Offer]
    pending_ids: list[int]


async def publish_in_transaction(
    connection: BaseDBAsyncClient, offers: Sequence[Offer], *, at: datetime | None = None
) -> Publication:
    """Publishes those of the offers still drafts, in the given order (the last is the newest);
    to call inside a transaction, then `announce_publication` once it has committed."""
    await lock_offer_writes(connection)
    moment = at or now()
    still_drafts = Offer.filter(id__in=[o.id for o in offers], status=OfferStatus.DRAFT)
    drafts = {row.id for row in await still_drafts.only("id")}
    chosen = [o for o in offers if o.id in drafts]  # a second publication finds none
    newest = await Offer.filter(seq__not_isnull=True).order_by("-seq").first()
    seq = newest.seq if newest is not None and newest.seq is not None else 0
    for offer in chosen:
        seq += 1
        offer.seq = seq
        offer.status = OfferStatus.PUBLISHED
        offer.published_at = offer.published_at or moment
        offer.updated_at = now()
        offer.changed_at = offer.published_at
    if not chosen:
        return Publication([], [])
    await Offer.bulk_update(
        chosen,
        fields=["seq", "status", "published_at", "updated_at", "changed_at"],
        batch_size=1000,
    )
    await record_changes(chosen, OfferChangeKind.PUBLISHED)
    await offer_added(chosen)
    # Alerts are owed for these offers: recorded with the publication itself.
    await PendingMatch.bulk_create([PendingMatch(offer_id=o.id) for o in chosen], batch_size=1000)
    pending: list[int] = []
    for start in range(0, len(chosen), 1000):
        chunk = [o.id for o in chosen[start : start + 1000]]
        pending += [p.id for p in await PendingMatch.filter(offer_id__in=chunk).only("id")]
    return Publication(chosen, pending)


async def announce_publication(publication: Publication) -> None:
    """After the commit: this process's facet index, the alert jobs, the live subscribers."""
    publish_to_facet_index(publication.offers)
    await enqueue_jobs("match_offer", publication.pending_ids)
    await announce_published([o.id for o in publication.offers])


async def publish_offers(offers: Sequence[Offer], *, at: datetime | None = None) -> list[Offer]:
    """Publishes those of the drafts not yet published; returns them."""
    async with in_transaction() as connection:
        publication = await publish_in_transaction(connection, offers, at=at)
    await announce_publication(publication)
    return publication.offers


async def archive_offers(
    offers: Sequence[Offer], kind: OfferChangeKind = OfferChangeKind.WITHDRAWN
) -> None:
    """Archives the offers; those that were public are journalled as `kind` (WITHDRAWN, or
    EXPIRED past their end date)."""
    async with in_transaction() as connection:
        await lock_offer_writes(connection)
        # Read again under the lock: only a change of what the public saw is journalled once.
        public = {
            row.id
            for row in await Offer.filter(
                id__in=[o.id for o in offers], status=OfferStatus.PUBLISHED
            ).only("id")
        }
        for offer in offers:
            offer.status = OfferStatus.ARCHIVED
            offer.updated_at = now()
        await Offer.bulk_update(offers, fields=["status", "updated_at"], batch_size=1000)
        await record_changes([o for o in offers if o.id in public], kind)
        await offer_withdrawn(offers)


async def archive_expired(on: date | None = None) -> int:
    """Archives published offers whose end date has passed; returns how many."""
    from models.clock import today

    day = on or today()
    expired = await Offer.filter(status=OfferStatus.PUBLISHED, expires_on__lt=day)
    if expired:
        await archive_offers(expired, OfferChangeKind.EXPIRED)
    return len(expired)
