"""The whole site started as a user starts it (`python -m server`), for a real browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.services import need
from tests.waiting import PATIENCE

CHROMIUM = os.environ.get("PASS_TEST_CHROMIUM", "")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's PASS_DATA_DIR: its database, embedded Redis and mail outbox."""
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="session")
def site(site_data: Path) -> Iterator[str]:
    yield from _run_site(site_data)


@pytest.fixture(scope="module")
def own_site_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("own-site")


@pytest.fixture(scope="module")
def own_site(own_site_data: Path) -> Iterator[str]:
    """A site of the module's own, for tests that change the catalogue others count."""
    yield from _run_site(own_site_data)


def _run_site(data: Path) -> Iterator[str]:
    need("chromium", CHROMIUM)
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PASS_DATA_DIR": str(data),
        "PASS_DEMO_DATA": "1",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "PASS_STORAGE_SECRET"):
        env.pop(name, None)
    with (data / "server.log").open("w") as log:  # the site writes to its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", "server"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # Only a failure waits this long: a start takes over a minute on a loaded 2-core machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the site did not start:\n" + (data / "server.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need("chromium", CHROMIUM)
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s for an expectation is tight for a site and a browser sharing two busy
    # cores with the test run; an expectation met returns as soon as it is.
    expect.set_options(timeout=PATIENCE * 1000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


_STARTED = time.time()
# Figures the speed test measured in this run (test_phone_search), for the terminal summary.
SPEED: dict[str, Any] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The accessibility sweep's table of axe findings (tests/e2e/test_accessibility.py) and the
    phone speed figures (tests/e2e/test_phone_search.py), when this run wrote them."""
    summary = ARTIFACTS / "axe-summary.txt"
    if summary.is_file() and summary.stat().st_mtime >= _STARTED:
        terminalreporter.section("axe-core, violations per page (nodes)")
        terminalreporter.write(summary.read_text())
    if not SPEED:
        return
    terminalreporter.section("speed on a phone (390×844, demo data)")
    for name in ("home", "results"):
        figure = SPEED.get(name)
        if figure:
            terminalreporter.write_line(
                f"first offer visible, {name} ({figure['path']}): median "
                f"{figure['median_ms']} ms over {len(figure['runs_ms'])} runs "
                f"{figure['runs_ms']} (goal: 1000 ms or less)"
            )
    terminalreporter.write_line(f"written to {ARTIFACTS / 'speed.json'}")
