"""The alert pipeline's records: offers waiting to be matched, and alerts already given."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account
from models.offers.tables import Offer
from models.saved_searches.tables import SavedSearch

__all__ = ["AlertDelivery", "DigestDelivery", "DigestEntry", "PendingMatch"]


class PendingMatch(Model):
    """Written with the publication, deleted with the alerts it produced: in between, the work
    survives a dead worker or a Redis restart."""

    id = fields.IntField(primary_key=True)
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="pending_matches", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pending_match"


class AlertDelivery(Model):
    """One per candidate and offer, whatever the number of their searches it matches."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="alert_deliveries", on_delete=fields.CASCADE
    )
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="alert_deliveries", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "alert_delivery"
        unique_together = (("candidate", "offer"),)


class DigestEntry(Model):
    """An offer waiting for the daily digest of a search whose alert is set to daily. Deleted with
    the search (no mail for a deleted search) and when the digest goes."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="digest_entries", on_delete=fields.CASCADE
    )
    saved_search: fields.ForeignKeyRelation[SavedSearch] = fields.ForeignKeyField(
        "models.SavedSearch", related_name="digest_entries", on_delete=fields.CASCADE
    )
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="digest_entries", on_delete=fields.CASCADE
    )
    # The day (Europe/Paris) whose digest lists this offer: the day it was matched.
    day = fields.DateField(db_index=True)

    class Meta:
        table = "digest_entry"
        unique_together = (("saved_search", "offer"),)


class DigestDelivery(Model):
    """One per candidate and day: the digest of that day was queued."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="digest_deliveries", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "digest_delivery"
        unique_together = (("candidate", "day"),)
