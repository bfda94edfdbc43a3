"""An index on offer.updated_at, by plain SQL: Tortoise's AlterField would rebuild the whole
table on SQLite, and the table has an FTS5 companion keyed by publication number."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops


async def create_index(apps: Any, editor: Any) -> None:
    await editor.client.execute_script(
        "CREATE INDEX IF NOT EXISTS offer_updated_at_idx ON offer (updated_at)"
    )


async def drop_index(apps: Any, editor: Any) -> None:
    await editor.client.execute_script("DROP INDEX IF EXISTS offer_updated_at_idx")


class Migration(migrations.Migration):
    dependencies = [("models", "0005_saved_searches_and_alerts")]

    initial = False

    operations = [ops.RunPython(create_index, drop_index)]
