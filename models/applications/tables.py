"""What a candidate sent to a recruiter: one row per (candidate, offer)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account
from models.offers.tables import Offer

__all__ = ["Application", "ApplicationStatus"]


class ApplicationStatus(StrEnum):
    SENT = "sent"
    FOLLOWED_UP = "followed_up"
    INTERVIEW = "interview"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ApplicationStatus.SENT: "Envoyée",
    ApplicationStatus.FOLLOWED_UP: "Relancée",
    ApplicationStatus.INTERVIEW: "Entretien",
    ApplicationStatus.REJECTED: "Refusée",
    ApplicationStatus.ACCEPTED: "Acceptée",
    ApplicationStatus.ABANDONED: "Abandonnée",
}


class Application(Model):
    """The offer's reference, title, administration and the contact written to are copied
    here: the record must read the same once the offer is archived, edited or gone."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="applications", on_delete=fields.CASCADE
    )
    # Offers are archived rather than deleted; SET NULL keeps the record should one ever go.
    offer: fields.ForeignKeyNullableRelation[Offer] = fields.ForeignKeyField(
        "models.Offer", related_name="applications", on_delete=fields.SET_NULL, null=True
    )
    offer_reference = fields.CharField(max_length=20)
    offer_title = fields.CharField(max_length=200)
    administration_name = fields.CharField(max_length=200, default="")
    written_on = fields.DateField()
    contact = fields.CharField(max_length=300)
    # [{"id": 3, "name": "cv.pdf", "category": "cv"}]: names kept, the documents may go.
    documents: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    status = fields.CharEnumField(ApplicationStatus, max_length=12, default=ApplicationStatus.SENT)
    notes = fields.TextField(default="")
    follow_up_after_days = fields.IntField(null=True)
    # written_on + follow_up_after_days, stored so that both engines find the due ones alike.
    follow_up_on = fields.DateField(null=True, db_index=True)
    reminded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "application"
        unique_together = (("candidate", "offer"),)


# Every process imports the tables (models.db): the export's file is registered there.
import models.applications.data_export  # noqa: E402, F401
