"""Offers get a duration (« 6 mois », « 2 ans »): free text, empty for the offers already stored.

The empty default is the database's too, so that rows written without the column (the bulk
loaders of bench/, by raw SQL) get it."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0013_recruiter_space")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Offer",
            name="duration",
            field=fields.CharField(max_length=100, default="", db_default=""),
        ),
    ]
