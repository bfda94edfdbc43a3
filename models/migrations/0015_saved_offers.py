"""Candidates' saved offers (« Mes offres sauvegardées »), with the deadline reminder's switch
and the time it was sent."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0014_offer_duration")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SavedOffer",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("candidate", fields.ForeignKeyField("models.Account", source_field="candidate_id", db_constraint=True, to_field="id", related_name="saved_offers", on_delete=OnDelete.CASCADE)),
                ("offer", fields.ForeignKeyField("models.Offer", source_field="offer_id", db_constraint=True, to_field="id", related_name="saved_by", on_delete=OnDelete.CASCADE)),
                ("saved_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("remind", fields.BooleanField(default=False)),
                ("reminded_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "saved_offer", "app": "models", "unique_together": (("candidate", "offer"),), "pk_attr": "id", "table_description": "An offer a candidate keeps to read again, listed (marked) after it closes too."},
            bases=["Model"],
        ),
    ]
