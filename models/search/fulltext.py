"""The full-text queries, written once per engine. The only module that speaks FTS5 or tsquery.

Both engines answer the same question: which published offers (by publication number) contain
every word and phrase of a KeywordQuery anywhere, and which contain them all in the title. User
input reaches them only as folded words, bound as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyroaring import BitMap
from tortoise import connections

from models.search.text import STOP_TOKEN, KeywordQuery, index_words, stem, stop_words

__all__ = ["KeywordHits", "find_keyword_hits", "index_offer_text", "unindex_offer_text"]


@dataclass(frozen=True, slots=True)
class KeywordHits:
    anywhere: BitMap
    in_title: BitMap


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)


def _fts5_expression(query: KeywordQuery) -> str:
    stops = stop_words()
    parts = [f'"{stem(word)}"' for word in query.words]
    for phrase in query.phrases:
        tokens = (STOP_TOKEN if w in stops else stem(w) for w in phrase)
        parts.append('"' + " ".join(tokens) + '"')
    return "(" + " AND ".join(parts) + ")"


def _tsquery(query: KeywordQuery) -> tuple[str, list[str]]:
    terms = [f"plainto_tsquery('pass_french', ${i + 1})" for i in range(len(query.words))]
    offset = len(query.words)
    terms += [
        f"phraseto_tsquery('pass_french', ${offset + i + 1})" for i in range(len(query.phrases))
    ]
    params = [*query.words, *(" ".join(p) for p in query.phrases)]
    return " && ".join(terms), params


async def find_keyword_hits(query: KeywordQuery) -> KeywordHits:
    connection = connections.get("default")
    if _dialect() == "postgres":
        tsquery, params = _tsquery(query)
        rows = await connection.execute_query_dict(
            f"SELECT seq, search_title_tsv @@ q AS in_title FROM offer, (SELECT {tsquery} AS q)"
            " AS query WHERE status = 'published' AND search_all_tsv @@ q",
            params,
        )
        return KeywordHits(
            BitMap(r["seq"] for r in rows), BitMap(r["seq"] for r in rows if r["in_title"])
        )
    expression = _fts5_expression(query)
    anywhere = await connection.execute_query_dict(
        "SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?", ["{body} : " + expression]
    )
    in_title = await connection.execute_query_dict(
        "SELECT rowid FROM offer_fts WHERE offer_fts MATCH ?", ["{title} : " + expression]
    )
    return KeywordHits(BitMap(r["rowid"] for r in anywhere), BitMap(r["rowid"] for r in in_title))


async def index_offer_text(rows: Sequence[tuple[int, str, str]]) -> None:
    """Adds published offers' words, as (seq, search_title, search_body), to the SQLite index.

    PostgreSQL needs nothing: its tsvector columns are generated from the same two columns.
    """
    if _dialect() == "postgres" or not rows:
        return
    connection = connections.get("default")
    await connection.execute_many(
        "INSERT INTO offer_fts (rowid, title, body) VALUES (?, ?, ?)",
        [[seq, index_words(title), index_words(title + " " + body)] for seq, title, body in rows],
    )


async def unindex_offer_text(seqs: Sequence[int]) -> None:
    if _dialect() == "postgres" or not seqs:
        return
    connection = connections.get("default")
    await connection.execute_many("DELETE FROM offer_fts WHERE rowid = ?", [[s] for s in seqs])
