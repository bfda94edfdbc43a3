"""Every stored offer gets the words it is now found by: the labels of its type, level (with
the « bac+N » it covers), domain, administration and place, and the synonyms and abbreviations
of models.search.synonyms (models.offers.indexed_text).

Recomputes `search_title` and `search_body` of every offer, by batches of ids. PostgreSQL
regenerates its tsvector columns (and GIN indexes) from them by itself; SQLite's FTS5 table
is filled again for the published offers. Processes read their term bitmaps from the engine when
they start, so a process started after this migration searches with the new words; alerts read
the offer's columns when they match it.

Reversing it leaves the new words in place: they are a superset of the old ones, and the old
code indexes new offers without them.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from models.offers.indexed_text import SEARCHED_COLUMNS, indexed_text
from models.search.text import index_words

_BATCH = 2_000


async def _labels(client: Any, table: str) -> dict[str, str]:
    rows = await client.execute_query_dict(f"SELECT code, label FROM {table}")
    return {str(r["code"]): str(r["label"]) for r in rows}


async def recompute_search_words(apps: Any, editor: Any) -> None:
    client = editor.client
    postgres = client.capabilities.dialect == "postgres"
    domains = await _labels(client, "domain")
    administrations = await _labels(client, "administration")
    columns = ", ".join(SEARCHED_COLUMNS)
    if postgres:
        select = (
            f"SELECT id, seq, status, domain_id, administration_id, {columns} FROM offer"
            " WHERE id > $1 ORDER BY id LIMIT $2"
        )
        update = "UPDATE offer SET search_title = $1, search_body = $2 WHERE id = $3"
    else:
        select = (
            f"SELECT id, seq, status, domain_id, administration_id, {columns} FROM offer"
            " WHERE id > ? ORDER BY id LIMIT ?"
        )
        update = "UPDATE offer SET search_title = ?, search_body = ? WHERE id = ?"
        await client.execute_script("DELETE FROM offer_fts")
    last = 0
    while True:
        rows = await client.execute_query_dict(select, [last, _BATCH])
        if not rows:
            break
        last = int(rows[-1]["id"])
        texts = [
            (
                row,
                *indexed_text(
                    row,
                    domain=domains.get(str(row["domain_id"]), ""),
                    administration=administrations.get(str(row["administration_id"]), ""),
                ),
            )
            for row in rows
        ]
        await client.execute_many(update, [[title, body, row["id"]] for row, title, body in texts])
        if not postgres:
            await client.execute_many(
                "INSERT INTO offer_fts (rowid, title, body) VALUES (?, ?, ?)",
                [
                    [row["seq"], index_words(title), index_words(title + " " + body)]
                    for row, title, body in texts
                    if row["status"] == "published" and row["seq"] is not None
                ],
            )


async def keep_search_words(apps: Any, editor: Any) -> None:
    """Nothing to undo: see the module's docstring."""


class Migration(migrations.Migration):
    dependencies = [("models", "0010_offer_commune")]

    operations = [ops.RunPython(recompute_search_words, keep_search_words)]
