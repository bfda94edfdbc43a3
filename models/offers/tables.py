"""The offer table."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.reference.catalogue import OfferType
from models.reference.tables import Administration, Domain

__all__ = [
    "Offer",
    "OfferAttachment",
    "OfferChange",
    "OfferChangeKind",
    "OfferStatus",
    "OfferVisitDay",
]


class OfferStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Offer(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=20, unique=True)
    type = fields.CharEnumField(OfferType, max_length=20)
    title = fields.CharField(max_length=200)
    # Rich text, sanitised on the way in (models.offers.sanitize).
    employer_description = fields.TextField(default="")
    post_description = fields.TextField(default="")
    profile = fields.TextField(default="")
    additional_information = fields.TextField(default="")
    comments = fields.TextField(default="")
    diploma_level = fields.CharField(max_length=4)
    domain: fields.ForeignKeyRelation[Domain] = fields.ForeignKeyField(
        "models.Domain", related_name="offers", on_delete=fields.RESTRICT
    )
    administration: fields.ForeignKeyRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="offers", on_delete=fields.RESTRICT
    )
    service = fields.CharField(max_length=300)
    workplace = fields.CharField(max_length=200, default="")
    city = fields.CharField(max_length=120, default="")
    department_code = fields.CharField(max_length=4, null=True)
    region_code = fields.CharField(max_length=4, null=True)
    country_code = fields.CharField(max_length=2, default="FR")
    # The commune (INSEE code) the post is in, and its position copied from the reference data
    # when the offer is written: searches by place and radius read positions from the offers
    # alone (migration 0010). None abroad, and for offers whose town is not known.
    commune_code = fields.CharField(max_length=5, null=True)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    contract_start = fields.DateField(null=True)
    # How long the internship or apprenticeship lasts, as the recruiter words it (« 6 mois »,
    # « 2 ans »): free text, shown as it is (migration 0014).
    duration = fields.CharField(max_length=100, default="", db_default="")
    contact_name = fields.CharField(max_length=200, default="")
    contact_email = fields.CharField(max_length=254, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    contact_url = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(OfferStatus, max_length=12, default=OfferStatus.DRAFT)
    published_at = fields.DatetimeField(null=True)
    expires_on = fields.DateField(null=True)
    # Publication order: set once when the offer is published, increasing, so that "newest
    # first" is "highest number first" for both the SQL and the in-memory search.
    seq = fields.IntField(null=True, unique=True)
    # Folded words (models.search.text.words) of the title and of the whole offer; the
    # full-text indexes of each engine are built from these.
    search_title = fields.TextField(default="")
    search_body = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    # What the public last saw change: the publication, then each update while published
    # (API `updatedAt`, `updatedSince`). Not `updated_at`, which every write moves (drafts,
    # archiving, recomputed search words) for the processes' catch-up.
    changed_at = fields.DatetimeField(null=True)
    # Indexed (migration 0006): each web process catches up with offers changed elsewhere by
    # asking for these.
    updated_at = fields.DatetimeField(auto_now=True)

    attachments: fields.ReverseRelation[OfferAttachment]

    class Meta:
        table = "offer"


class OfferAttachment(Model):
    id = fields.IntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    storage_key = fields.CharField(max_length=80, unique=True)

    class Meta:
        table = "offer_attachment"


class OfferChangeKind(StrEnum):
    PUBLISHED = "published"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"  # archived by its recruiter
    EXPIRED = "expired"  # past its end date


class OfferChange(Model):
    """The journal a mirror follows (API `offerChanges`): one row per public change of an
    offer, written in the transaction of the change, under the offer-writes lock, so that ids
    follow the order of the commits. Rows older than the retention are deleted."""

    id = fields.BigIntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="changes", on_delete=fields.CASCADE
    )
    reference = fields.CharField(max_length=20)
    kind = fields.CharEnumField(OfferChangeKind, max_length=12)
    # When it took effect for the public: the commit, or for EXPIRED the end of the deadline
    # day (Paris time), which may precede the row's own recording by the nightly job.
    at = fields.DatetimeField()
    # When the row was written: what `since` and the retention compare with (index with id,
    # migration 0012).
    recorded_at = fields.DatetimeField()

    class Meta:
        table = "offer_change"


class OfferVisitDay(Model):
    """How many times an offer's public page was served on a day (Europe/Paris). A number and
    nothing else: no address, no cookie, no identifier of whoever came."""

    id = fields.IntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="visit_days", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    visits = fields.IntField(default=0)

    class Meta:
        table = "offer_visit_day"
        unique_together = (("offer", "day"),)
