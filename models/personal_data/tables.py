"""A candidate's export of their own data (« Télécharger mes données »)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account

__all__ = ["DataExport"]


class DataExport(Model):
    """One per account at most: asking again replaces it. Requested by the candidate, built
    by the worker (a zip in file storage), downloaded by the mailed link until `expires_at`.
    Only the SHA-256 of the link's token is stored."""

    id = fields.IntField(primary_key=True)
    account: fields.OneToOneRelation[Account] = fields.OneToOneField(
        "models.Account", related_name="data_export", on_delete=fields.CASCADE
    )
    requested_at = fields.DatetimeField()
    built_at = fields.DatetimeField(null=True)
    token_hash = fields.CharField(max_length=64, unique=True, null=True)
    storage_key = fields.CharField(max_length=80, unique=True, null=True)
    size = fields.BigIntField(default=0)
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "data_export"
