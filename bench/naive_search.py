"""The naive baseline: the same search answered by SQL alone.

One query for the page, one COUNT, and one GROUP BY per facet (each without its own facet's
condition, for disjunctive counts); keywords as `LIKE '%word%'` on the folded text. This is
what a first version would do; the benchmark runs it beside the real search.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections

from models.clock import today
from models.search.criteria import FACETS, Facet, SearchCriteria

_COLUMNS = {
    Facet.TYPES: "type",
    Facet.DIPLOMA_LEVELS: "diploma_level",
    Facet.DOMAINS: "domain_id",
    Facet.ADMINISTRATIONS: "administration_id",
    Facet.REGIONS: "region_code",
    Facet.DEPARTMENTS: "department_code",
    Facet.COUNTRIES: "country_code",
}


def _conditions(
    criteria: SearchCriteria, skip: Facet | None, mark: str
) -> tuple[list[str], list[Any]]:
    def placeholder(i: int) -> str:
        return f"${i}" if mark == "$" else "?"

    where = ["status = 'published'", "(expires_on IS NULL OR expires_on >= " + placeholder(1) + ")"]
    params: list[Any] = [today()]
    for word in criteria.keyword_query.words:
        params.append(f"%{word}%")
        where.append(f"(search_title || ' ' || search_body) LIKE {placeholder(len(params))}")
    for facet in FACETS:
        values = sorted(criteria.selected(facet))
        if facet is skip or not values:
            continue
        marks = []
        for value in values:
            params.append(value)
            marks.append(placeholder(len(params)))
        where.append(f"{_COLUMNS[facet]} IN ({', '.join(marks)})")
    return where, params


async def naive_search(criteria: SearchCriteria, first: int = 20) -> dict[str, Any]:
    connection = connections.get("default")
    mark = "$" if connection.capabilities.dialect == "postgres" else "?"
    where, params = _conditions(criteria, None, mark)
    clause = " AND ".join(where)
    rows = await connection.execute_query_dict(
        f"SELECT id, reference, title FROM offer WHERE {clause} ORDER BY seq DESC LIMIT {first}",
        params,
    )
    total = await connection.execute_query_dict(
        f"SELECT count(*) AS n FROM offer WHERE {clause}", params
    )
    facets = {}
    for facet in FACETS:
        facet_where, facet_params = _conditions(criteria, facet, mark)
        column = _COLUMNS[facet]
        facets[facet] = await connection.execute_query_dict(
            f"SELECT {column} AS value, count(*) AS n FROM offer"
            f" WHERE {' AND '.join(facet_where)} GROUP BY {column}",
            facet_params,
        )
    return {"offers": rows, "total": total[0]["n"], "facets": facets}
