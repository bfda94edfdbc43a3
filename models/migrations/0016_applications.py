"""The application tracker (« Mes candidatures »): what a candidate wrote to recruiters."""

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from models.applications.tables import ApplicationStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0015_saved_offers")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Application",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("candidate", fields.ForeignKeyField("models.Account", source_field="candidate_id", db_constraint=True, to_field="id", related_name="applications", on_delete=OnDelete.CASCADE)),
                ("offer", fields.ForeignKeyField("models.Offer", source_field="offer_id", null=True, db_constraint=True, to_field="id", related_name="applications", on_delete=OnDelete.SET_NULL)),
                ("offer_reference", fields.CharField(max_length=20)),
                ("offer_title", fields.CharField(max_length=200)),
                ("administration_name", fields.CharField(default="", max_length=200)),
                ("written_on", fields.DateField()),
                ("contact", fields.CharField(max_length=300)),
                ("documents", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("status", fields.CharEnumField(default=ApplicationStatus.SENT, description="SENT: sent\nFOLLOWED_UP: followed_up\nINTERVIEW: interview\nREJECTED: rejected\nACCEPTED: accepted\nABANDONED: abandoned", enum_type=ApplicationStatus, max_length=12)),
                ("notes", fields.TextField(default="")),
                ("follow_up_after_days", fields.IntField(null=True)),
                ("follow_up_on", fields.DateField(null=True, db_index=True)),
                ("reminded_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "application", "app": "models", "unique_together": (("candidate", "offer"),), "pk_attr": "id", "table_description": "The offer's reference, title, administration and the contact written to are copied"},
            bases=["Model"],
        ),
    ]
