"""Offers get a commune (INSEE code) and its position, for searches by place and radius.

Offers already stored get the commune their city names in their department, as the reference data
compare names (models.offers.places), when there is one; the others keep no position and are
never « within N km » of anywhere until edited with a commune.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from models.offers.places import commune_named


async def place_offers(apps: Any, editor: Any) -> None:
    client = editor.client
    postgres = str(client.capabilities.dialect) == "postgres"
    _, rows = await client.execute_query(
        "SELECT DISTINCT city, department_code FROM offer"
        " WHERE commune_code IS NULL AND department_code IS NOT NULL AND city <> ''"
    )
    update = (
        "UPDATE offer SET commune_code = {0}, latitude = {0}, longitude = {0}"
        " WHERE commune_code IS NULL AND city = {0} AND department_code = {0}"
    )
    for row in rows:
        city, department = row["city"], row["department_code"]
        place = commune_named(str(city), str(department))
        if place is None:
            continue
        values = [place.code, place.latitude, place.longitude, city, department]
        if postgres:
            sql = update.replace("{0}", "${}").format(*range(1, 6))
        else:
            sql = update.replace("{0}", "?")
        await client.execute_query(sql, values)


async def forget_places(apps: Any, editor: Any) -> None:
    """The columns go with the migration's reversal: nothing to undo in the rows."""


class Migration(migrations.Migration):
    dependencies = [("models", "0009_official_regions")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Offer",
            name="commune_code",
            field=fields.CharField(max_length=5, null=True),
        ),
        ops.AddField(model_name="Offer", name="latitude", field=fields.FloatField(null=True)),
        ops.AddField(model_name="Offer", name="longitude", field=fields.FloatField(null=True)),
        ops.RunPython(place_offers, forget_places),
    ]
