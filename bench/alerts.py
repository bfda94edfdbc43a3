"""Alert benchmark: `python -m bench.alerts [--candidates 1000] [--offers 5]
[--postgres URL --redis URL] [--port N]`.

Measures publish → alert mail handed to SMTP, end to end, on the real site: the web process
(uvicorn) and the worker (`python -m server.worker`) run as in production, their SMTP_URL
pointing at an SMTP server run by this benchmark (aiosmtpd) that notes when each mail arrives.
`--candidates` candidates each save two searches with an instant alert (bell on): one that
every offer published here matches (a type, the administration, or words of the offer, in
turn) and one that none does. A recruiter then publishes `--offers` offers through the GraphQL
API, one at a time (the next once every mail so far has arrived, or after a minute), and each
mail's latency is the time from the `publishOffer` call to its arrival. Mails still missing a
minute after the last publication count as not received.

The naive baseline runs in the same way, in the same run, with the worker replaced by what a
first version would do (`--naive-worker`, below): poll the offers waiting to be matched,
check every saved search with an alert against the offer one by one, and send each mail in
turn over its own SMTP connection. It writes no delivery records, which only helps it.

Prints mails expected and received, p50/p99/max per mail, the CPU time the worker (all its
processes) and the web process spent on the publications (from /proc, once both have settled
after their start: on a shared machine the wall-clock figures follow the load, this much
less), the load average, the ratio naive / ours and the goal (p99 ≤ 2 s). Temporary folders
and databases go when it ends, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import email.policy
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import redis.asyncio
from aiosmtpd.controller import Controller

from bench.processes import (
    NO_API_LIMITS,
    cpu_seconds,
    descendants,
    free_port,
    run_until_stopped,
    stop,
    wait_until_up,
)

GOAL_P99_S = 2.0
PASSWORD = "girafe-bleue-du-jardin"
RECRUITER = "recruteur.banc"
ADMINISTRATION = "interieur"
MAIL_WAIT_S = 60.0

# Every offer published here is a stage of the Ministère de l'Intérieur, whose presentation
# says « ministère de l'Intérieur »: each of these finds all of them, in its own way.
MATCHING: list[dict[str, Any]] = [
    {"types": ["stage"]},
    {"administrations": [ADMINISTRATION]},
    {"keywords": "ministère intérieur"},
    {"types": ["stage"], "administrations": [ADMINISTRATION], "keywords": "intérieur"},
]
# And each of these finds none of them.
NOT_MATCHING: list[dict[str, Any]] = [
    {"types": ["apprentissage"]},
    {"administrations": ["culture"]},
    {"keywords": "patrimoine archives"},
    {"countries": ["JP"]},
]

LOGIN = "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { token } }"
CREATE = """mutation($i: OfferInput!) { createOffer(input: $i) {
  offer { reference } userErrors { code message } } }"""
PUBLISH = """mutation($r: String!) { publishOffer(reference: $r) {
  offer { reference status } userErrors { code message } } }"""
REFERENCE = re.compile(rb"[AS]-\d{4}-\d{4,}")


@dataclass
class Arrival:
    at: float
    recipients: tuple[str, ...]
    content: bytes


@dataclass
class _Sink:
    """The SMTP server's handler: notes the time each message arrives, and keeps it."""

    arrivals: list[Arrival] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        at = time.perf_counter()
        content = envelope.content
        data = content if isinstance(content, bytes) else str(content).encode()
        # list.append is atomic: the server's thread appends, the benchmark's loop reads.
        self.arrivals.append(Arrival(at, tuple(map(str, envelope.rcpt_tos)), data))
        return "250 Message accepted for delivery"

    async def wait_for(self, count: int, seconds: float) -> None:
        """Until `count` mails have arrived, or the time is up. Looked at every 20 ms rather
        than woken by each mail: the time of arrival is taken when it arrives, and the
        benchmark's own work stays out of the way of the site's."""
        deadline = time.monotonic() + seconds
        while len(self.arrivals) < count and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


def _reference_of(content: bytes) -> str | None:
    message = email.message_from_bytes(content, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            found = REFERENCE.search(payload) if isinstance(payload, bytes) else None
            if found:
                return found.group().decode()
    return None


@contextmanager
def _smtp_sink() -> Iterator[tuple[_Sink, int]]:
    sink = _Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


async def _prepare(env: dict[str, str], candidates: int) -> None:
    """Schema, a recruiter and the candidates with their searches, by the domain's functions
    in a process of their own (as an operator's command would)."""
    subprocess.run([sys.executable, "-m", "server", "prepare"], env=env, check=True)  # noqa: ASYNC221
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.alerts", "--setup", str(candidates), env=env
    )
    if await process.wait() != 0:
        raise RuntimeError("could not create the accounts and their searches")


async def _setup(candidates: int) -> None:
    from models.accounts.passwords import PASSWORD_HASHER
    from models.accounts.tables import Account, AccountRole, Civility
    from models.clock import now
    from models.reference.labels import vocabulary
    from models.saved_searches import SavedSearch, save_search
    from models.search.criteria import SearchCriteria
    from server.runtime import Role, open_runtime
    from server.settings import load_settings

    async with open_runtime(load_settings(), Role.COMMAND):
        password_hash = PASSWORD_HASHER.hash(PASSWORD)
        await Account.create(
            civility=Civility.MADAME, last_name="Banc", first_name="Recruteuse",
            email="recruteur.banc@interieur.gouv.fr", email_key="recruteur.banc@interieur.gouv.fr",
            username=RECRUITER, username_key=RECRUITER, password_hash=password_hash,
            role=AccountRole.RECRUITER, administration_id=ADMINISTRATION,
        )  # fmt: skip
        await Account.bulk_create(
            [
                Account(civility=Civility.MONSIEUR, last_name="Candidat", first_name=f"N{n}",
                        email=f"candidat.{n}@exemple.fr", email_key=f"candidat.{n}@exemple.fr",
                        username=f"candidat.{n}", username_key=f"candidat.{n}",
                        password_hash=password_hash)
                for n in range(candidates)
            ],
            batch_size=1000,
        )  # fmt: skip
        words = await vocabulary()
        people = await Account.filter(role=AccountRole.CANDIDATE).order_by("id")
        for n, person in enumerate(people):
            found = MATCHING[n % len(MATCHING)]
            missed = NOT_MATCHING[n % len(NOT_MATCHING)]
            await save_search(person, "Mes offres", SearchCriteria.build(**found, vocabulary=words))
            await save_search(person, "Autre", SearchCriteria.build(**missed, vocabulary=words))
        # Bells on, a while before any publication (an alert switched on after an offer's
        # publication does not mail it).
        await SavedSearch.all().update(
            alert_enabled=True, alert_changed_at=now() - timedelta(minutes=5)
        )


async def _naive_worker() -> None:
    """What a first version would do: poll, scan every search, send one mail at a time."""
    from models.accounts.config import account_config
    from models.alerts.delivery import offer_facts
    from models.alerts.matching import facts_of, matches
    from models.alerts.tables import PendingMatch
    from models.mail import MailKind, render_mail
    from models.offers.tables import Offer
    from models.reference.labels import vocabulary
    from models.saved_searches import SavedSearch, criteria_of
    from server.mailers import SmtpMailer
    from server.runtime import Role, open_runtime
    from server.settings import load_settings

    settings = load_settings()
    assert settings.smtp_url is not None
    mailer = SmtpMailer(settings.smtp_url)
    async with open_runtime(settings, Role.COMMAND):
        words = await vocabulary()
        site = account_config().site_url
        while True:
            pending = await PendingMatch.all().order_by("id")
            if not pending:
                await asyncio.sleep(0.05)
                continue
            for match in pending:
                offer = await Offer.get(id=match.offer_id)  # type: ignore[attr-defined]
                facts = facts_of(offer)
                searches = await SavedSearch.filter(alert_enabled=True).prefetch_related(
                    "candidate"
                )
                chosen: dict[int, list[SavedSearch]] = defaultdict(list)
                for search in searches:
                    if matches(await criteria_of(search), facts):
                        chosen[search.candidate.id].append(search)
                for found in chosen.values():
                    candidate = found[0].candidate
                    context = {
                        "site_url": site,
                        "first_name": candidate.first_name,
                        **offer_facts(offer, words, site),
                        "searches": [{"name": s.name, "unsubscribe_url": site} for s in found],
                        "unsubscribe_url": site,
                    }
                    await mailer.send(
                        render_mail(
                            MailKind.OFFER_ALERT,
                            to=candidate.email,
                            sender=settings.mail_from,
                            context=context,
                        )
                    )
                await match.delete()


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # The worker logs every job: into a file, kept in the temporary folder with the rest.
    with log.open("ab") as output:
        return subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)


async def _gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:500]}")
    return body["data"]


def _offer_inputs(count: int) -> list[dict[str, Any]]:
    from models.clock import today
    from models.demo.generator import generate_offers

    inputs = []
    for draft in generate_offers(apprenticeships=0, stages=count * 20, seed=99, today=today()):
        if draft.country_code != "FR" or draft.administration != ADMINISTRATION:
            continue
        inputs.append(
            {
                "type": "STAGE",
                "title": draft.title,
                "diplomaLevel": draft.diploma_level,
                "domain": draft.domain,
                "administration": draft.administration,
                "service": draft.service,
                "postDescription": draft.post_description,
                "employerDescription": draft.employer_description,
                "profile": draft.profile,
                "city": draft.city,
                "contactName": draft.contact_name,
                "contactEmail": draft.contact_email,
                "departmentCode": draft.department_code,
                "regionCode": draft.region_code,
                "contractStart": draft.contract_start.isoformat() if draft.contract_start else None,
                "expiresOn": draft.expires_on.isoformat() if draft.expires_on else None,
            }
        )
    # About one offer in eight is the recruiter's administration's: enough in twenty times more.
    assert len(inputs) >= count, "the generator drew too few of the administration's offers"
    return inputs[:count]


@dataclass
class Outcome:
    latencies: list[float]
    expected: int
    received: int
    seconds: float
    worker_cpu: float = float("nan")  # seconds, the worker and the processes it started
    web_cpu: float = float("nan")
    load: tuple[float, float] = (float("nan"), float("nan"))  # 1-minute average, start and end


def _tree_cpu(pid: int) -> dict[int, float]:
    """CPU time of a process and of those below it, by pid: the time the work took whatever
    else the machine does, where wall-clock figures follow the load."""
    spent = {}
    for process in descendants(pid):
        with contextlib.suppress(OSError):  # ended meanwhile
            spent[process] = cpu_seconds(process)
    return spent


async def _settled(pid: int, idle: float = 0.05, within: float = 120) -> None:
    """Until the process and those below it use less than `idle` of CPU for half a second."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = _tree_cpu(pid)
        await asyncio.sleep(0.5)
        if _cpu_since(before, pid) < idle:
            return


def _cpu_since(before: dict[int, float], pid: int) -> float:
    return sum(seconds - before.get(p, 0.0) for p, seconds in _tree_cpu(pid).items())


async def _publish_all(port: int, sink: _Sink, offers: int, candidates: int) -> Outcome:
    started_run = time.perf_counter()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        token = (await _gql(client, LOGIN, {"l": RECRUITER, "p": PASSWORD}))["login"]["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        references = []
        for offer in _offer_inputs(offers):
            created = (await _gql(client, CREATE, {"i": offer}))["createOffer"]
            if created["userErrors"]:
                raise RuntimeError(str(created["userErrors"]))
            references.append(created["offer"]["reference"])
        started: dict[str, float] = {}
        for number, reference in enumerate(references, 1):
            started[reference] = time.perf_counter()
            published = (await _gql(client, PUBLISH, {"r": reference}))["publishOffer"]
            if published["userErrors"]:
                raise RuntimeError(str(published["userErrors"]))
            # One publication at a time: the next once every mail so far is in (or after a
            # minute, when the site falls behind: the backlog then shows in the figures).
            await sink.wait_for(number * candidates, MAIL_WAIT_S)
    await asyncio.sleep(0.5)  # a late mail still counts, and a mail too many shows
    arrivals = list(sink.arrivals)
    sink.arrivals.clear()
    latencies = []
    per_offer: dict[str, set[str]] = defaultdict(set)
    for arrival in arrivals:
        reference = _reference_of(arrival.content)
        if reference not in started:
            continue
        for recipient in arrival.recipients:
            if recipient in per_offer[reference]:
                continue  # a second copy is no faster delivery
            per_offer[reference].add(recipient)
            latencies.append(arrival.at - started[reference])
    return Outcome(
        latencies,
        expected=len(references) * candidates,
        received=sum(len(r) for r in per_offer.values()),
        seconds=time.perf_counter() - started_run,
    )


@asynccontextmanager
async def _database(name: str, folder: Path, postgres: str | None) -> AsyncIterator[str]:
    if not postgres:
        yield f"sqlite://{folder / f'{name}.sqlite3'}"
        return
    database = f"pass_bench_alerts_{name}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(postgres)
    await admin.execute(f'CREATE DATABASE "{database}"')
    await admin.close()
    try:
        yield postgres.rsplit("/", 1)[0] + f"/{database}"
    finally:
        admin = await asyncpg.connect(postgres)
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def _redis(folder: Path, given: str | None) -> AsyncIterator[str]:
    if given:
        # arq refuses a job whose id has a result still kept (an hour): ids come from the rows
        # of a new database, so the last run's results would silently drop this run's jobs.
        client = redis.asyncio.Redis.from_url(given)
        await client.flushdb()
        await client.aclose()
        yield given
        return
    from server.embedded_redis import start_embedded_redis

    embedded, url = start_embedded_redis(folder / "redis")
    try:
        yield url
    finally:
        embedded.shutdown()


async def _run(
    name: str, args: argparse.Namespace, folder: Path, sink: _Sink, smtp_port: int
) -> Outcome:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PORT")}
    port = args.port or free_port()
    # The naive worker uses no queue: an embedded Redis of its own keeps a given one clean.
    redis = args.redis if name == "ours" else None
    async with (
        _database(name, folder, args.postgres) as database_url,
        _redis(folder / name, redis) as redis_url,
    ):
        env = {
            **base,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "PASS_DATA_DIR": str(folder / name),
            "PASS_DEMO_DATA": "0",
            **NO_API_LIMITS,
            "PORT": str(port),
            "PASS_SITE_URL": f"http://127.0.0.1:{port}",
        }
        await _prepare(env, args.candidates)
        web = _start(
            [sys.executable, "-m", "uvicorn", "server.app:create_app", "--factory",
             "--port", str(port), "--log-level", "warning"], env, folder / f"{name}-web.log",
        )  # fmt: skip
        worker_command = (
            [sys.executable, "-m", "server.worker"]
            if name == "ours"
            else [sys.executable, "-m", "bench.alerts", "--naive-worker"]
        )
        worker = _start(worker_command, env, folder / f"{name}-worker.log")
        try:
            await wait_until_up(port, [web, worker])
            await asyncio.sleep(3)  # the worker's start-up jobs
            # On a busy machine the worker's processes may still be importing or building
            # their index of searches: that is not the mails' CPU.
            await _settled(worker.pid)
            await _settled(web.pid)
            sink.arrivals.clear()
            load = os.getloadavg()[0]
            worker_cpu, web_cpu = _tree_cpu(worker.pid), _tree_cpu(web.pid)
            outcome = await _publish_all(port, sink, args.offers, args.candidates)
            outcome.worker_cpu = _cpu_since(worker_cpu, worker.pid)
            outcome.web_cpu = _cpu_since(web_cpu, web.pid)
            outcome.load = (load, os.getloadavg()[0])
        finally:
            stop(worker)
            stop(web)
            if args.logs:
                for log in (f"{name}-web.log", f"{name}-worker.log"):
                    shutil.copy(folder / log, Path(args.logs) / log)
    _report(name, outcome)
    return outcome


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _report(name: str, outcome: Outcome) -> None:
    values = outcome.latencies
    p50 = statistics.median(values) if values else float("nan")
    print(
        f"{name:>6}: {outcome.received}/{outcome.expected} mails received, publish → SMTP "
        f"p50 {p50:.2f} s, p99 {_percentile(values, 0.99):.2f} s, "
        f"max {max(values, default=float('nan')):.2f} s ({outcome.seconds:.0f} s in all); "
        f"CPU: worker {outcome.worker_cpu:.1f} s, web {outcome.web_cpu:.1f} s; "
        f"load {outcome.load[0]:.1f} → {outcome.load[1]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=1000)
    # Five publications already give 5,000 mails at 1,000 candidates: minutes, not an hour,
    # while a publication's mails take longer than the goal.
    parser.add_argument("--offers", type=int, default=5)
    parser.add_argument("--postgres", help="an administrator URL; scratch databases are dropped")
    parser.add_argument(
        "--redis",
        help="a Redis database's URL for the site, emptied first (default: embedded)",
    )
    parser.add_argument("--port", type=int, default=0, help="the web process's port (any free)")
    parser.add_argument("--no-naive", action="store_true", help="ours only: quicker, no ratio")
    parser.add_argument("--logs", help="a folder to keep the web and worker logs in")
    parser.add_argument("--setup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--naive-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup is not None:
        await _setup(args.setup)
        return
    if args.naive_worker:
        await _naive_worker()
        return
    engine = "PostgreSQL + Redis" if args.postgres else "SQLite, embedded Redis"
    print(
        f"{engine}: {args.candidates} candidates, each with a matching search and another, "
        f"bells on; {args.offers} offers published one at a time through the API",
        flush=True,
    )
    with (
        tempfile.TemporaryDirectory(prefix="pass-bench-alerts-") as temporary,
        _smtp_sink() as (sink, smtp_port),
    ):
        folder = Path(temporary)
        ours = await _run("ours", args, folder, sink, smtp_port)
        naive = None if args.no_naive else await _run("naive", args, folder, sink, smtp_port)
    for label, share in (("p50", 0.5), ("p99", 0.99)):
        if naive is not None:
            ratio = _percentile(naive.latencies, share) / _percentile(ours.latencies, share)
            print(f"{label}: naive / ours = {ratio:.1f}x")
    p99 = _percentile(ours.latencies, 0.99)
    complete = ours.received == ours.expected
    print(
        f"Goal: publish → alert mail handed to SMTP, p99 ≤ {GOAL_P99_S:g} s: ours {p99:.2f} s, "
        f"{'met' if p99 <= GOAL_P99_S and complete else 'MISSED'}"
        + ("" if complete else f" ({ours.expected - ours.received} mails missing)")
    )


if __name__ == "__main__":
    run_until_stopped(main())
