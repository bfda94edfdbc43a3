"""The change journal mirrors follow (`offerChanges`), and the offers' public `changed_at`.

Stored offers get `changed_at` = their publication date (the best known: nothing recorded
their later edits apart from the internal `updated_at`). The journal starts empty: a mirror
takes the offers once (`offers`), then follows the changes recorded from then on.
Indexes by plain SQL, as in 0006.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from models.offers.tables import OfferChangeKind

_INDEXES = (
    ("offer_change_recorded_idx", "offer_change (recorded_at, id)"),
    ("offer_published_at_idx", "offer (published_at)"),
    ("offer_changed_at_idx", "offer (changed_at)"),
)


async def fill_and_index(apps: Any, editor: Any) -> None:
    client = editor.client
    await client.execute_script(
        "UPDATE offer SET changed_at = published_at WHERE changed_at IS NULL"
        " AND seq IS NOT NULL"
    )
    for name, target in _INDEXES:
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


async def drop_indexes(apps: Any, editor: Any) -> None:
    for name, _ in _INDEXES:
        await editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("models", "0011_offer_search_words")]

    initial = False

    operations = [
        ops.AddField(model_name="Offer", name="changed_at", field=fields.DatetimeField(null=True)),
        ops.CreateModel(
            name="OfferChange",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "offer",
                    fields.ForeignKeyField(
                        "models.Offer",
                        source_field="offer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="changes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("reference", fields.CharField(max_length=20)),
                (
                    "kind",
                    fields.CharEnumField(enum_type=OfferChangeKind, max_length=12),
                ),
                ("at", fields.DatetimeField()),
                ("recorded_at", fields.DatetimeField()),
            ],
            options={"table": "offer_change", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.RunPython(fill_and_index, drop_indexes),
    ]
