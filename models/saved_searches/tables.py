"""A candidate's saved search."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account

__all__ = ["AlertFrequency", "SavedSearch"]


class AlertFrequency(StrEnum):
    INSTANT = "instant"  # one mail per new matching offer
    DAILY = "daily"  # one mail a day listing the day's new matches


class SavedSearch(Model):
    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="saved_searches", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    # The criteria as the search page's URL query: [["type", "stage"], ["q", "data"], …].
    query: fields.Field[list[list[str]]] = fields.JSONField(default=list)
    alert_enabled = fields.BooleanField(default=False)
    alert_frequency = fields.CharEnumField(
        AlertFrequency, max_length=10, default=AlertFrequency.INSTANT
    )
    # When the alert was last switched: offers published before an « on » are not mailed.
    alert_changed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Lets each process's index of saved searches catch up with changes made elsewhere.
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)

    class Meta:
        table = "saved_search"
