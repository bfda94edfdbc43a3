"""Personal data: each account's last activity and inactivity warning, and the candidates'
data exports.

Accounts already stored get as last activity their latest session still on record, else
their last change (`updated_at`): the best known, since sign-ins were not recorded before.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


async def fill_last_seen(apps: Any, editor: Any) -> None:
    await editor.client.execute_script(
        "UPDATE account SET last_seen_at = COALESCE("
        "(SELECT MAX(s.created_at) FROM candidate_session s WHERE s.candidate_id = account.id),"
        " updated_at) WHERE last_seen_at IS NULL"
    )


async def nothing(apps: Any, editor: Any) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [("models", "0016_applications")]

    initial = False

    operations = [
        ops.AddField(model_name="Account", name="last_seen_at", field=fields.DatetimeField(null=True)),
        ops.AddField(
            model_name="Account", name="inactivity_warned_at", field=fields.DatetimeField(null=True)
        ),
        ops.RunPython(fill_last_seen, nothing),
        ops.CreateModel(
            name="DataExport",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "account",
                    fields.OneToOneField(
                        "models.Account",
                        source_field="account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="data_export",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("requested_at", fields.DatetimeField()),
                ("built_at", fields.DatetimeField(null=True)),
                ("token_hash", fields.CharField(max_length=64, unique=True, null=True)),
                ("storage_key", fields.CharField(max_length=80, unique=True, null=True)),
                ("size", fields.BigIntField(default=0)),
                ("expires_at", fields.DatetimeField(null=True)),
            ],
            options={"table": "data_export", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
