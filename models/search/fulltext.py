"""The full-text queries, written once per engine. The only module that speaks FTS5 or tsquery.

Both engines answer the same question: which published offers (by publication number) contain
every word and phrase of a KeywordQuery anywhere, and which contain them all in the title. User
input reaches them only as folded words, bound as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import orjson
from pyroaring import BitMap
from tortoise import connections

from models.search.text import STOP_TOKEN, KeywordQuery, index_words, stem, stop_words

__all__ = [
    "KeywordHits",
    "find_keyword_hits",
    "index_offer_text",
    "load_term_bitmaps",
    "offer_terms_in_database",
    "unindex_offer_text",
    "word_terms",
]


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
    """Asks the engine's full-text index: the source of truth, and the naive path (its cost
    grows with the number of hits). The facet index answers words from its own term bitmaps,
    and asks this only for phrases."""
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


# The terms a word is searched by, per word: they never change for one engine.
_terms: dict[str, str | None] = {}
_TSQUERY_TERM = re.compile(r"^'([^']+)'$")


async def word_terms(words: Sequence[str]) -> list[str] | None:
    """The engine's term for each folded word, as its full-text index stores it: SQLite's is
    our stem; PostgreSQL's is what `plainto_tsquery` makes of the word, asked once per word.
    None when a word is not a single term there (the caller then asks the engine itself)."""
    if _dialect() != "postgres":
        return [stem(w) for w in words]
    unknown = [w for w in words if w not in _terms]
    if unknown:
        connection = connections.get("default")
        rows = await connection.execute_query_dict(
            "SELECT w, plainto_tsquery('pass_french', w)::text AS q FROM unnest($1::text[]) AS w",
            [unknown],
        )
        if len(_terms) > 100_000:
            _terms.clear()  # bounds what hostile input can make us keep
        for row in rows:
            single = _TSQUERY_TERM.match(str(row["q"]))
            _terms[str(row["w"])] = single.group(1) if single else None
    found = [_terms.get(w) for w in words]
    return None if any(t is None for t in found) else [t for t in found if t is not None]


async def load_term_bitmaps() -> tuple[dict[str, BitMap], dict[str, BitMap]]:
    """For every term of the published offers: the offers holding it anywhere, and in their
    title. Read from the engine's own full-text index, so that the terms are exactly its."""
    connection = connections.get("default")
    anywhere: dict[str, BitMap] = {}
    in_title: dict[str, BitMap] = {}
    if _dialect() == "postgres":
        for column, target in (("search_all_tsv", anywhere), ("search_title_tsv", in_title)):
            rows = await connection.execute_query(
                f"SELECT t.lexeme, array_agg(seq) FROM offer, unnest({column}) AS t"
                " WHERE status = 'published' GROUP BY t.lexeme"
            )
            for lexeme, seqs in rows[1]:
                target[str(lexeme)] = _compact(BitMap(seqs))
        return anywhere, in_title
    # fts5vocab lists the terms; each term's offers then come from FTS5's own doclist, in C,
    # as one JSON array (a row per offer would cost more than the rest together).
    await connection.execute_script(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.offer_fts_terms"
        " USING fts5vocab(main, offer_fts, 'row')"
    )
    _, terms = await connection.execute_query("SELECT term FROM temp.offer_fts_terms")
    for (term,) in terms:
        _, found = await connection.execute_query(
            "SELECT json_group_array(rowid) FROM offer_fts WHERE offer_fts MATCH ?",
            [f'"{term}"'],
        )
        anywhere[str(term)] = _compact(BitMap(orjson.loads(found[0][0])))
    titles: dict[str, list[int]] = {}
    _, rows = await connection.execute_query("SELECT rowid, title FROM offer_fts")
    for seq, title in rows:
        for term in set(str(title).split()):
            titles.setdefault(term, []).append(seq)
    for term, seqs in titles.items():
        in_title[term] = _compact(BitMap(seqs))
    return anywhere, in_title


def _compact(bitmap: BitMap) -> BitMap:
    bitmap.run_optimize()
    bitmap.shrink_to_fit()
    return bitmap


async def offer_terms_in_database(seqs: Sequence[int]) -> dict[int, tuple[frozenset[str], ...]]:
    """PostgreSQL's terms of some offers (title, and title with body), as its generated
    tsvector columns hold them; empty on SQLite, whose terms are computed in Python."""
    if _dialect() != "postgres" or not seqs:
        return {}
    connection = connections.get("default")
    rows = await connection.execute_query_dict(
        "SELECT seq, tsvector_to_array(search_title_tsv) AS title,"
        " tsvector_to_array(search_all_tsv) AS terms FROM offer WHERE seq = ANY($1::bigint[])",
        [list(seqs)],
    )
    return {
        int(r["seq"]): (frozenset(map(str, r["title"])), frozenset(map(str, r["terms"])))
        for r in rows
    }
