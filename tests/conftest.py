"""Shared fixtures: a fresh migrated database per engine, and file storage in a temp folder."""

from __future__ import annotations

import os
import tempfile

# The application reads its settings at import: keep its data out of the working tree.
os.environ.setdefault("PASS_DATA_DIR", tempfile.mkdtemp(prefix="pass-test-"))
os.environ.setdefault("PASS_DEMO_DATA", "0")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from models.demo.loading import load_demo_catalogue
from models.storage import LocalFileStorage, use_file_storage
from tests.services import ENGINES, fresh_database

pytest_plugins = ["nicegui.testing.user_plugin"]


@pytest.fixture(autouse=True, scope="session")
def _file_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    use_file_storage(LocalFileStorage(tmp_path_factory.mktemp("files")))
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
    """Browser tests last: sync Playwright holds an event loop that async fixtures cannot share."""
    items.sort(key=lambda item: "/e2e/" in str(item.path))


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
