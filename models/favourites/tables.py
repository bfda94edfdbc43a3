"""A candidate's saved offer (« Mes offres sauvegardées »)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account
from models.offers.tables import Offer

__all__ = ["SavedOffer"]


class SavedOffer(Model):
    """An offer a candidate keeps to read again, listed (marked) after it closes too.

    Rows go with the account or the offer (ON DELETE CASCADE)."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="saved_offers", on_delete=fields.CASCADE
    )
    offer: fields.ForeignKeyRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="saved_by", on_delete=fields.CASCADE
    )
    saved_at = fields.DatetimeField(auto_now_add=True)
    # Whether the candidate wants a mail a few days before the application deadline, and when
    # it went: set once, so that a retried or repeated run never mails it twice.
    remind = fields.BooleanField(default=False)
    reminded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "saved_offer"
        unique_together = (("candidate", "offer"),)


# Every process imports the tables (models.db): the export's file is registered there.
import models.favourites.data_export  # noqa: E402, F401
