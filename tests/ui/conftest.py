"""The simulated user waits for what it should (or should not) see for as long as a busy machine
needs, not NiceGUI's three tries 0.1 s apart.

Clicks and page loads run their handlers in tasks: what they show comes a moment later, a
longer one on a loaded machine or under coverage. Both checks return as soon as they hold.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from nicegui import Client
from nicegui.testing import User

from models.demo import load_demo_catalogue
from tests.services import fresh_database
from tests.waiting import PATIENCE

_should_see = User.should_see
_should_not_see = User.should_not_see


async def _patiently(check: Any, user: User, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    retries = kwargs.pop("retries", None)
    deadline = time.monotonic() + max(PATIENCE, 0.1 * (retries or 0))
    while True:
        try:
            # One try; NiceGUI pauses (0.1 s, 0.05 s) before it gives up.
            await check(user, *args, retries=1, **kwargs)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


async def should_see(self: User, *args: Any, **kwargs: Any) -> None:
    await _patiently(_should_see, self, args, kwargs)


async def should_not_see(self: User, *args: Any, **kwargs: Any) -> None:
    await _patiently(_should_not_see, self, args, kwargs)


def _close_tabs() -> None:
    for client in list(Client.instances.values()):
        client.delete()


@pytest.fixture(autouse=True)
def _patient_user(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The simulated tabs close with the test, as a visitor's would: each page's tasks (a results
    # page listening for new offers) stop instead of hearing a later test's publications, or
    # failing once its database is gone. Again before the next test: a page whose navigation
    # was still under way when its test ended is made after the first closing, and NiceGUI's
    # next simulation forgets the tabs without closing them.
    _close_tabs()
    monkeypatch.setattr(User, "should_see", should_see)
    monkeypatch.setattr(User, "should_not_see", should_not_see)
    yield
    _close_tabs()


# Pages are adapters: every domain operation they call is tested on both engines where it is
# defined (tests/accounts, tests/offers…), so the pages run on the embedded default only.
@pytest.fixture(params=["sqlite"])
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def demo_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """The demo catalogue on SQLite, shared by a module's page tests."""
    folder: Path = tmp_path_factory.mktemp("demo")
    async with fresh_database("sqlite", folder):
        await load_demo_catalogue()
        yield "sqlite"
