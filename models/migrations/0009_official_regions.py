"""Offers and saved searches use the regions of the Code officiel géographique.

Until now a department's region was its ISO 3166-2 parent, which for Bas-Rhin and Haut-Rhin is
the Collectivité européenne d'Alsace (« 6AE »), not a region: their offers were out of reach of
`regions: ["GES"]`. Each stored offer's region is recomputed from its department with today's
reference data (models.reference.geography), and a saved search naming a code that is no longer
a region is given the region(s) its ISO 3166-2 departments now belong to — « 6AE » becomes
« GES » — so that it keeps finding the same offers, and its alert keeps firing.

Both bump `updated_at`, so that every running process's indexes (facets, alert matching) take
the rows again. Backwards, nothing is undone: « GES » was already a valid region code.
"""

from __future__ import annotations

from typing import Any

import orjson
import pycountry
from tortoise import migrations
from tortoise.migrations import operations as ops

from models.clock import now
from models.reference import geography

_REGION_PARAMETER = "region"  # as in models.search.criteria's URL query names


def _placeholders(client: Any, count: int, start: int = 1) -> list[str]:
    if client.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(start, start + count)]
    return ["?"] * count


def replacement_regions() -> dict[str, list[str]]:
    """Each ISO 3166-2 subdivision of France that is not a region but parents departments →
    the regions of those departments: {"6AE": ["GES"]}."""
    known = {r.code for r in geography.regions()}
    found: dict[str, set[str]] = {}
    for s in pycountry.subdivisions.get(country_code=geography.FRANCE):  # type: ignore[no-untyped-call]
        parent = (s.parent_code or "").removeprefix("FR-")
        department = geography.department(s.code.removeprefix("FR-"))
        if parent and parent not in known and department is not None:
            found.setdefault(parent, set()).add(department.region_code)
    return {code: sorted(regions) for code, regions in found.items()}


async def official_regions(apps: Any, editor: Any) -> None:
    client = editor.client
    stamp = now()
    _, rows = await client.execute_query(
        "SELECT DISTINCT department_code, region_code FROM offer WHERE department_code IS NOT NULL"
    )
    for row in rows:
        department = geography.department(row["department_code"])
        if department is None or department.region_code == row["region_code"]:
            continue
        a, b, c = _placeholders(client, 3)
        await client.execute_query(
            f"UPDATE offer SET region_code = {a}, updated_at = {b} WHERE department_code = {c}",
            [department.region_code, stamp, department.code],
        )

    replacements = replacement_regions()
    if not replacements:
        return
    # Only the searches whose text names a retired code are read (there may be millions).
    likes = _placeholders(client, len(replacements))
    _, searches = await client.execute_query(
        "SELECT id, query FROM saved_search WHERE "
        + " OR ".join(f"CAST(query AS TEXT) LIKE {p}" for p in likes),
        [f"%{code}%" for code in replacements],
    )
    for search in searches:
        query = search["query"]
        pairs = orjson.loads(query) if isinstance(query, (str, bytes)) else query
        fixed: list[list[str]] = []
        for name, value in pairs:
            for new in replacements.get(value, [value]) if name == _REGION_PARAMETER else [value]:
                if [name, new] not in fixed:
                    fixed.append([name, new])
        if fixed != pairs:
            a, b, c = _placeholders(client, 3)
            await client.execute_query(
                f"UPDATE saved_search SET query = {a}, updated_at = {b} WHERE id = {c}",
                [orjson.dumps(fixed).decode(), stamp, search["id"]],
            )


async def nothing(apps: Any, editor: Any) -> None:
    """« GES » and the other regions were valid codes before this migration too."""


class Migration(migrations.Migration):
    dependencies = [("models", "0008_account_table")]

    initial = False

    operations = [ops.RunPython(official_regions, nothing)]
