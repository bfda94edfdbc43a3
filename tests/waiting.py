"""Waiting for something to happen, rather than for a fixed time.

A test that sleeps a fixed time is slow where the machine is fast and fails where it is slow;
one that polls a condition returns as soon as it holds and only fails after a generous limit,
which a machine several times slower than a developer's still meets.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["PATIENCE", "page_wait_until", "settled", "wait_until"]

# Seconds a test waits for something that takes milliseconds to a second here: only a failure
# waits that long.
PATIENCE = 20.0


async def wait_until(
    what: str,
    check: Callable[[], Awaitable[bool] | bool],
    timeout: float = PATIENCE,  # noqa: ASYNC109
    interval: float = 0.05,
) -> float:
    """Seconds it took for `check` to hold; fails after `timeout`."""
    start = time.monotonic()
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"still waiting for {what} after {timeout} s")
        await asyncio.sleep(interval)


def page_wait_until(
    page: Page, what: str, check: Callable[[], bool], timeout: float = PATIENCE
) -> None:
    """`wait_until` for a browser test: sync Playwright delivers the page's events (console
    messages, exposed bindings) only while the test is inside a Playwright call, so the pause
    between two checks is the page's own."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout} s")
        page.wait_for_timeout(50)


def settled(page: Page) -> None:
    """Waits for the page's animations and transitions (a dialog growing in) to finish, for a
    picture that shows the page at rest."""
    page.wait_for_function(
        "document.getAnimations().every(animation => animation.playState !== 'running')",
        timeout=PATIENCE * 1000,
    )
