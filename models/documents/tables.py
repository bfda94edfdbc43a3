"""A candidate's stored document."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.accounts.tables import Account

__all__ = ["Document", "DocumentCategory"]


class DocumentCategory(StrEnum):
    CV = "cv"
    COVER_LETTER = "cover_letter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DocumentCategory.CV: "CV",
            DocumentCategory.COVER_LETTER: "Lettre de motivation",
            DocumentCategory.OTHER: "Autre document",
        }[self]


class Document(Model):
    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="documents", on_delete=fields.CASCADE
    )
    category = fields.CharEnumField(DocumentCategory, max_length=20)
    filename = fields.CharField(max_length=255)  # cleaned, for display only
    content_type = fields.CharField(max_length=120)
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=80, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "document"
