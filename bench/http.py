"""GraphQL over HTTP beside plain JSON: `python -m bench.http [--offers 100000]
[--connections 32] [--seconds 10] [--runs 3] [--port N]`.

Starts uvicorn (one worker) on the real application over a catalogue of generated offers (kept
between runs in bench-results/), with one extra route added by this module only: a plain-JSON
endpoint over the same `search_offers`, the ceiling a GraphQL layer can approach. wrk then
loads each in turn with the search page of issue 11 (20 offers and all seven facets), cycling
through a few filters and sending `Cache-Control: no-cache` so every request is executed
rather than replayed by the public-answer cache. Prints req/s and p50/p99 (medians of the
runs), the web process's CPU time per request (steadier than req/s on a shared machine), the
ratio GraphQL / JSON, the goal, and the web process's memory. Before the first run the server
is left to settle: the first keyword search starts background work (counting the catalogue's
words) that would otherwise be billed to whichever endpoint is loaded first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench.processes import (
    NO_API_LIMITS,
    PeakMemory,
    cpu_seconds,
    free_port,
    rss_mb,
    start_server,
    stop,
)
from bench.search import FILTERS, GRAPHQL, RESULTS, _catalogue, _graphql_filter, _remove_sqlite
from models.reference.labels import vocabulary
from models.search.criteria import FACETS, SearchCriteria
from models.search.offers import search_offers

GOAL_RPS = 1_000
GOAL_RATIO = 0.5
GOAL_RSS_START_MB = 200
GOAL_RSS_PEAK_MB = 300
JSON_PATH = "/bench/plain-json"
# The GraphQL names of the facets, as the page asks for them.
_FACET_NAMES = {
    "types": "types",
    "diploma_levels": "diplomaLevels",
    "domains": "domains",
    "administrations": "administrations",
    "regions": "regions",
    "departments": "departments",
    "countries": "countries",
}

# wrk cycles through the bodies; `done` prints one line the bench reads back.
_LUA = """
local bodies = %s
local i = 0
local headers = {["Content-Type"] = "application/json", ["Cache-Control"] = "no-cache"}
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "%s", headers, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


async def _plain_json(request: Request) -> JSONResponse:
    """The same page as the GraphQL query, built straight from `search_offers`."""
    raw = dict((await request.json()).get("filter") or {})
    if "types" in raw:
        raw["types"] = [t.lower() for t in raw["types"]]
    words = await vocabulary()
    criteria = SearchCriteria.build(**raw, vocabulary=words)
    page = await search_offers(criteria, first=20)
    edges = [
        {
            "cursor": cursor,
            "node": {
                "reference": row.reference,
                "title": row.title,
                "type": row.type.upper(),
                "location": {"city": row.city},
                "domain": {"label": words.domains.get(row.domain_id, row.domain_id)},  # type: ignore[attr-defined]
            },
        }
        for cursor, row in zip(page.cursors, page.offers, strict=True)
    ]
    facets = {
        _FACET_NAMES[f.value]: [
            {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
            for v in page.facets[f]
        ]
        for f in FACETS
    }
    # The API names offer types as its enum does (`STAGE`), which `filter.types` takes back.
    for value in facets["types"]:
        value["value"] = str(value["value"]).upper()
    offers = {
        "totalCount": page.total,
        "pageInfo": {"hasNextPage": page.has_next_page, "endCursor": page.end_cursor},
        "edges": edges,
        "facets": facets,
    }
    return JSONResponse({"data": {"offers": offers}})


def bench_app() -> Starlette:
    """uvicorn's factory (`bench.http:bench_app`): the real application with the plain-JSON
    route first, so that it goes through the same middleware as /graphql."""
    from server.app import create_app

    app = create_app()
    app.router.routes.insert(0, Route(JSON_PATH, _plain_json, methods=["POST"]))
    return app


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float  # the web process's CPU time per request


def _wrk(
    port: int, pid: int, path: str, bodies: list[str], args: argparse.Namespace, folder: Path
) -> Run:
    script = folder / "bench.lua"
    lua_bodies = "{" + ", ".join(_lua_string(b) for b in bodies) + "}"
    script.write_text(_LUA % (lua_bodies, path))
    cpu_before = cpu_seconds(pid)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = cpu_seconds(pid) - cpu_before
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    requests, duration_us, p50_us, p99_us, errors = map(int, line.split()[1:])
    rps = requests / (duration_us / 1e6)
    return Run(rps, p50_us / 1000, p99_us / 1000, errors, cpu * 1000 / max(requests, 1))


def _lua_string(text: str) -> str:
    # A Lua long string needs no escaping as long as its closing bracket does not occur.
    assert "]==]" not in text
    return f"[==[{text}]==]"


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.rps for r in runs),
        statistics.median(r.p50_ms for r in runs),
        statistics.median(r.p99_ms for r in runs),
        sum(r.errors for r in runs),
        statistics.median(r.cpu_ms for r in runs),
    )


def _settle(pid: int, idle: float = 0.05, within: float = 120) -> None:
    """Until the server uses less than `idle` s of CPU in half a second."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < idle:
            return


def _check_same_answers(port: int, graphql_bodies: list[str], json_bodies: list[str]) -> None:
    """Both endpoints answer the same page, without errors (else the comparison means
    nothing), which also warms both paths up."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for graphql_body, json_body in zip(graphql_bodies, json_bodies, strict=True):
            headers = {"content-type": "application/json"}
            graphql = client.post("/graphql", content=graphql_body, headers=headers).json()
            plain = client.post(JSON_PATH, content=json_body, headers=headers).json()
            assert "errors" not in graphql, graphql
            ours, theirs = graphql["data"]["offers"], plain["data"]["offers"]
            assert ours["totalCount"] == theirs["totalCount"], (ours, theirs)
            assert ours["facets"] == theirs["facets"]
            assert [e["node"] for e in ours["edges"]] == [e["node"] for e in theirs["edges"]]


async def _database(count: int) -> str:
    """The catalogue bench.search keeps in bench-results/ (bulk loaded when missing)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"search-{count}.sqlite3"

    async def rebuild() -> None:
        await asyncio.to_thread(_remove_sqlite, path)

    url = f"sqlite://{path}"
    await _catalogue(url, count, rebuild)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("This benchmark needs wrk: `apt-get install wrk` (Debian/Ubuntu).")
    database_url = asyncio.run(_database(args.offers))
    variables = [{"filter": _graphql_filter(raw)} for raw in FILTERS.values()]
    graphql_bodies = [json.dumps({"query": GRAPHQL, "variables": v}) for v in variables]
    json_bodies = [json.dumps(v) for v in variables]
    port = args.port or free_port()
    folder = Path(tempfile.mkdtemp(prefix="pass-bench-http-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PASS_DATA_DIR": str(folder / "data"),
        "PASS_DEMO_DATA": "0",
        **NO_API_LIMITS,
    }
    command = [sys.executable, "-m", "uvicorn", "bench.http:bench_app", "--factory"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    server = asyncio.run(start_server(command, env, port))
    try:
        started_mb = rss_mb(server.pid)
        _check_same_answers(port, graphql_bodies, json_bodies)
        _settle(server.pid)
        results: dict[str, list[Run]] = {"graphql": [], "json": []}
        with PeakMemory(server.pid) as memory:
            for _ in range(args.runs):
                results["graphql"].append(
                    _wrk(port, server.pid, "/graphql", graphql_bodies, args, folder)
                )
                results["json"].append(_wrk(port, server.pid, JSON_PATH, json_bodies, args, folder))
        peak_mb = memory.peak
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)
    _report(args, results, started_mb, peak_mb)


def _report(
    args: argparse.Namespace, results: dict[str, list[Run]], started_mb: float, peak_mb: float
) -> None:
    graphql, plain = _median(results["graphql"]), _median(results["json"])
    print(
        f"\n== {args.offers} offers, 1 uvicorn worker, {args.connections} connections, "
        f"{args.seconds} s x {args.runs} runs (medians), {len(FILTERS)} filters, no-cache"
    )
    print(
        f"  {'endpoint':22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'CPU ms/req':>10}  per run"
    )
    for name, figures, runs in (
        ("GraphQL offers page", graphql, results["graphql"]),
        ("plain JSON (baseline)", plain, results["json"]),
    ):
        each = " ".join(f"{r.rps:.0f}" for r in runs)
        print(
            f"  {name:22} {figures.rps:8.0f} {figures.p50_ms:8.1f} {figures.p99_ms:8.1f} "
            f"{figures.errors:7d} {figures.cpu_ms:10.2f}  [{each}]"
        )
    # Each GraphQL run is paired with the JSON run just after it: on a shared machine the
    # ratio of a pair is steadier than the ratio of the medians.
    ratios = [g.rps / p.rps for g, p in zip(results["graphql"], results["json"], strict=True)]
    ratio = statistics.median(ratios)
    each = " ".join(f"{r:.2f}" for r in ratios)
    print(f"  ratio GraphQL / plain JSON: {ratio:.2f} (median of the pairs [{each}])")
    print(
        f"  CPU time per request, plain JSON / GraphQL: {plain.cpu_ms / graphql.cpu_ms:.2f}; "
        "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(f"  web process RSS: {started_mb:.0f} MB after start, {peak_mb:.0f} MB peak under load")
    print(
        f"  goal: >= {GOAL_RPS} req/s and ratio >= {GOAL_RATIO}; RSS <= {GOAL_RSS_START_MB} MB "
        f"after start, <= {GOAL_RSS_PEAK_MB} MB peak"
    )
    met = graphql.rps >= GOAL_RPS and ratio >= GOAL_RATIO
    print(f"  throughput goal {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
