"""Mails to send, written in the same transaction as the change they report."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

__all__ = ["OutgoingMail"]


class OutgoingMail(Model):
    """One mail to one address. No foreign key: an account's deletion notice outlives it.

    The context holds what the template needs, links included; it is emptied once the mail is
    sent, so that no usable link stays in the database.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40)
    to_address = fields.CharField(max_length=254)
    context: fields.Field[dict[str, object]] = fields.JSONField(default=dict)
    message_id = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # A worker claims a mail until this moment before sending it, so that two runs of the same
    # job (arq runs jobs at least once) cannot both send it.
    claimed_until = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outgoing_mail"
