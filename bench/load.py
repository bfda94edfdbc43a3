"""Mixed-load benchmark: `python -m bench.load [--clients 50] [--seconds 60]
[--postgres postgres://…/postgres --redis redis://…]`.

Starts the whole site the way `scripts/run` does (`python -m server`: web process, arq worker,
demo catalogue; embedded Redis and SQLite by default) with one account per client, then runs
three phases against it over loopback HTTP, each bounded in time:

1. searches only, every client at once: the capacity of the search itself (it also warms the
   site up, as a site that has been answering for a while is);
2. the mix of a busy day, the goal's subject: 80 % searches (the GraphQL `offers` page with all
   seven facets, mostly the usual few, one in ten a search nobody made just before), 15 %
   sign-ins (argon2 password checks), 5 % saved-search writes (a save, or a delete once a
   client holds five);
3. the naive baseline: the same mix with every search executed afresh
   (`Cache-Control: no-cache`), as before public answers were kept.

Each client is a closed loop (the next request leaves when the answer arrives) and presents its
own address in X-Forwarded-For, as the clients of a reverse proxy would; the dev runner trusts
that header from loopback only. Prints p50/p99 per operation, errors and the web process's peak
resident memory, for the embedded default and, with --postgres and --redis, for PostgreSQL +
Redis, beside the goal. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.processes import NO_API_LIMITS, PeakMemory, free_port, rss_mb, start_server, stop

PASSWORD = "girafe-bleue-du-jardin"
GOAL_SEARCH_P99_MS = 250
GOAL_PEAK_RSS_MB = 400

SEARCH = """query($f: OfferFilter) { offers(filter: $f, first: 20) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { reference type title administration { label } location { city } } }
  facets {
    types { value label count selected } diplomaLevels { value label count selected }
    domains { value label count selected } administrations { value label count selected }
    regions { value label count selected } departments { value label count selected }
    countries { value label count selected }
  } } }"""
LOGIN = "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { token userErrors { code } } }"  # noqa: E501
SAVE = """mutation($n: String!, $f: OfferFilter!) { saveSearch(name: $n, filter: $f) {
  savedSearch { id } userErrors { code } } }"""
DELETE = "mutation($id: ID!) { deleteSavedSearch(id: $id) { userErrors { code } } }"

WORDS = [
    "communication",
    "juridique",
    "numérique",
    "stagiaire",
    "marketing",
    "finances",
    "données",
    "archives",
    "patrimoine",
    "informatique",
    "ressources",
    "humaines",
    "comptabilité",
    "environnement",
    "santé",
    "sécurité",
    "logistique",
    "achats",
    "culture",
    "éducation",
    "recherche",
    "développement",
    "réseau",
    "administration",
    "gestion",
    "social",
    "agriculture",
    "énergie",
    "transport",
    "urbanisme",
]
REGIONS = ["IDF", "ARA", "NAQ", "OCC", "HDF", "BRE", "PAC", "NOR", "PDL", "GES"]
TYPES = ["STAGE", "APPRENTISSAGE"]


def search_filter() -> dict[str, Any]:
    """What candidates search for: mostly the usual few (all offers, one type, one region, a
    common word), and one search in ten a pair of words nobody asked for just before."""
    draw = random.random()
    if draw < 0.25:
        return {}
    if draw < 0.40:
        return {"types": [random.choice(TYPES)]}
    if draw < 0.55:
        return {"regions": [random.choice(REGIONS)]}
    if draw < 0.75:
        return {"keywords": random.choice(WORDS)}
    if draw < 0.90:
        return {"keywords": random.choice(WORDS), "types": [random.choice(TYPES)]}
    return {"keywords": " ".join(random.sample(WORDS, 2)), "regions": random.sample(REGIONS, 2)}


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    def error(self, op: str, what: str) -> None:
        self.errors[op] += 1
        if len(self.samples) < 5:
            self.samples.append(f"{op}: {what[:300]}")


@dataclass
class Client:
    number: int
    http: httpx.AsyncClient
    token: str | None = None
    saved: list[str] = field(default_factory=list)
    fresh: bool = False  # every search executed afresh, none answered from memory

    @property
    def login(self) -> str:
        return f"charge.{self.number}"

    async def gql(
        self, query: str, variables: dict[str, Any], headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text}")
        body: dict[str, Any] = response.json()
        if body.get("errors") or body.get("data") is None:
            raise RuntimeError(str(body.get("errors")))
        data: dict[str, Any] = body["data"]
        return data

    async def search(self) -> None:
        fresh = {"Cache-Control": "no-cache"} if self.fresh else {}
        await self.gql(SEARCH, {"f": search_filter()}, fresh)

    async def sign_in(self) -> None:
        data = await self.gql(LOGIN, {"l": self.login, "p": PASSWORD})
        if data["login"]["userErrors"] or not data["login"]["token"]:
            raise RuntimeError(str(data["login"]["userErrors"]))
        self.token = data["login"]["token"]

    async def write_saved_search(self) -> None:
        if self.token is None:
            await self.sign_in()
        if len(self.saved) >= 5:
            data = await self.gql(DELETE, {"id": self.saved.pop(0)})
            errors = data["deleteSavedSearch"]["userErrors"]
        else:
            name = f"Recherche {secrets.token_hex(3)}"
            data = await self.gql(SAVE, {"n": name, "f": search_filter()})
            errors = data["saveSearch"]["userErrors"]
            if not errors:
                self.saved.append(data["saveSearch"]["savedSearch"]["id"])
        if errors:
            raise RuntimeError(str(errors))


MIX = (("search", 0.80), ("sign-in", 0.15), ("saved-search write", 0.05))


async def _run_clients(
    port: int, clients: int, seconds: float, mix: tuple[tuple[str, float], ...], fresh: bool
) -> Figures:
    figures = Figures()
    deadline = time.monotonic() + seconds
    operations = [name for name, _ in mix]
    weights = [weight for _, weight in mix]

    async def one(number: int) -> None:
        headers = {"X-Forwarded-For": f"198.51.100.{number % 250 + 1}"}
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=60
        ) as http:
            client = Client(number, http, fresh=fresh)
            act = {
                "search": client.search,
                "sign-in": client.sign_in,
                "saved-search write": client.write_saved_search,
            }
            for _ in range(100_000):  # bounded, whatever the speed
                if time.monotonic() >= deadline:
                    break
                op = random.choices(operations, weights)[0]
                started = time.perf_counter()
                try:
                    await act[op]()
                except Exception as error:
                    figures.error(op, f"{type(error).__name__}: {error}")
                else:
                    figures.latencies[op].append(time.perf_counter() - started)

    await asyncio.gather(*(one(n) for n in range(clients)))
    return figures


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _report(title: str, figures: Figures, seconds: float, peak_mb: float) -> dict[str, float]:
    print(f"\n{title}")
    print(
        f"  {'operation':<20} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for op in ("search", "sign-in", "saved-search write"):
        values = figures.latencies.get(op, [])
        if not values and not figures.errors.get(op):
            continue
        p50 = statistics.median(values) * 1000 if values else float("nan")
        p99 = _percentile(values, 0.99) if values else float("nan")
        print(
            f"  {op:<20} {len(values):>7} {len(values) / seconds:>7.1f} {p50:>8.1f} "
            f"{p99:>8.1f} {figures.errors.get(op, 0):>7}"
        )
    print(f"  peak RSS of the web process: {peak_mb:.0f} MB")
    for sample in figures.samples:
        print(f"  error sample: {sample}")
    searches = figures.latencies.get("search", [])
    return {
        "search_p50": statistics.median(searches) * 1000 if searches else float("nan"),
        "search_p99": _percentile(searches, 0.99) if searches else float("nan"),
        "errors": float(sum(figures.errors.values())),
        "peak_mb": peak_mb,
    }


async def _create_accounts(env: dict[str, str], count: int) -> None:
    """One candidate per client, written straight into the prepared database (the API's
    sign-up is throttled per address and guarded against bots, as it should be)."""
    script = f"""
import asyncio
from models.accounts.passwords import PASSWORD_HASHER
from models.accounts.tables import Account, Civility
from server.runtime import Role, open_runtime
from server.settings import load_settings

async def main():
    async with open_runtime(load_settings(), Role.COMMAND):
        password_hash = PASSWORD_HASHER.hash({PASSWORD!r})
        await Account.bulk_create([
            Account(civility=Civility.MADAME, last_name="Charge", first_name=f"Client {{n}}",
                      email=f"charge.{{n}}@exemple.fr", email_key=f"charge.{{n}}@exemple.fr",
                      username=f"charge.{{n}}", username_key=f"charge.{{n}}",
                      password_hash=password_hash)
            for n in range({count})
        ])

asyncio.run(main())
"""
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", script, env=env)
    if await process.wait() != 0:
        raise RuntimeError("could not create the accounts")


async def _setup(name: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    env = {**env, "PORT": str(port)}
    subprocess.run([sys.executable, "-m", "server", "prepare"], env=env, check=True)  # noqa: ASYNC221
    await _create_accounts(env, args.clients)
    server = await start_server([sys.executable, "-m", "server"], {**env}, port)
    try:
        await asyncio.sleep(2)  # the worker's start-up jobs
        started_rss = rss_mb(server.pid)
        print(
            f"\n== {name}: {args.clients} clients, web process RSS after start {started_rss:.0f} MB"
        )
        phases = {}
        for title, mix, seconds, fresh in (
            # First, so that the mix meets a site that has been answering for a while.
            ("searches only (capacity)", (("search", 1.0),), args.seconds / 3, False),
            ("mix: 80 % search, 15 % sign-in, 5 % saved-search writes", MIX, args.seconds, False),
            ("naive baseline: the mix, every search executed afresh", MIX, args.seconds / 2, True),
        ):
            with PeakMemory(server.pid) as memory:
                figures = await _run_clients(port, args.clients, seconds, mix, fresh)
            phases[title] = _report(title, figures, seconds, memory.peak)
        return phases
    finally:
        stop(server)


async def _postgres_database(admin_url: str) -> tuple[str, str]:
    name = f"pass_bench_load_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(admin_url)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}", name


async def _drop(admin_url: str, name: str) -> None:
    connection = await asyncpg.connect(admin_url)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


def _verdict(name: str, figures: dict[str, float]) -> None:
    ok = (
        figures["search_p99"] <= GOAL_SEARCH_P99_MS
        and figures["errors"] == 0
        and figures["peak_mb"] <= GOAL_PEAK_RSS_MB
    )
    print(
        f"{name:<22} search p50 {figures['search_p50']:7.1f} ms  p99 {figures['search_p99']:7.1f}"
        f" ms  errors {int(figures['errors'])}  peak RSS {figures['peak_mb']:.0f} MB  "
        f"{'meets' if ok else 'MISSES'} the goal"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--postgres", help="an administrator URL; a database is made and dropped")
    parser.add_argument("--redis", help="a Redis server's URL (its database is left as it was)")
    args = parser.parse_args()
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "PORT")
    } | NO_API_LIMITS
    results = {}
    data = Path(tempfile.mkdtemp(prefix="pass-bench-load-"))
    env = {**base, "PASS_DATA_DIR": str(data / "embedded"), "PASS_DEMO_DATA": "1"}
    results["embedded default"] = await _setup(
        "embedded default (SQLite, embedded Redis)", env, args
    )
    if args.postgres and args.redis:
        url, name = await _postgres_database(args.postgres)
        try:
            env = {**base, "PASS_DATA_DIR": str(data / "production"), "PASS_DEMO_DATA": "1",
                   "DATABASE_URL": url, "REDIS_URL": args.redis}  # fmt: skip
            results["PostgreSQL + Redis"] = await _setup("PostgreSQL + Redis", env, args)
        finally:
            await _drop(args.postgres, name)
    print(f"\nGoal (embedded default, 2 cores): search p99 ≤ {GOAL_SEARCH_P99_MS} ms at 50 "
          f"clients, 0 errors, peak RSS ≤ {GOAL_PEAK_RSS_MB} MB")  # fmt: skip
    for name, phases in results.items():
        alone, mix, naive = phases.values()
        _verdict(f"{name}, mix", mix)
        _verdict(f"{name}, naive mix", naive)
        _verdict(f"{name}, searches only", alone)
        ratio = naive["search_p99"] / mix["search_p99"]
        print(f"  search p99, naive / ours: {ratio:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
