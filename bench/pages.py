"""Memory per open results page: `python -m bench.pages [--tabs 80] [--port N]`.

Starts the whole site the way `scripts/run` does (`python -m server`: web process, worker,
embedded Redis, SQLite, demo catalogue), then opens `--tabs` results pages at once in headless
Chromium (390×844 like a phone), waits until every page is rendered and connected over its
WebSocket, and reports the web process's
resident memory growth per open page and how many NiceGUI elements a page is made of (counted in
the browser: the elements the page received, and the DOM nodes that carry a NiceGUI id). Then it
closes every tab, waits until the site has let their clients go, opens as many again and checks
that the second round reuses the memory of the first instead of adding to it.

The baseline, measured the same way in the same run, is the whole site at the last revision
before issue 11 lightened its pages (`--baseline REV`, exported with `git archive` to a
temporary folder; `--baseline ''` skips it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Page, async_playwright

from bench.processes import free_port, rss_mb, start_server, stop
from models.site_paths import search_path

CHROMIUM = os.environ.get("PASS_TEST_CHROMIUM", "/usr/bin/chromium")
GOAL_MB_PER_PAGE = 0.3
TABS_PER_PROFILE = 10
# The last revision with the pages of a dozen elements per offer card (before issue 11).
BASELINE_REVISION = "d7225f1"
ROOT = Path(__file__).resolve().parents[1]
# NiceGUI lets a client go once its socket has been away past its page's reconnect timeout:
# 3 s by default, 20 s for the pages with a form, the results page among them
# (ui.connection_resilience). Measured before that, closed pages still count as open.
_LET_GO_SECONDS = 30.0

# A results page as visitors open it: all offers, and a search with criteria (both list 20
# offers and every facet).
PATHS = (
    search_path(),
    search_path([("type", "stage")]),
    search_path([("type", "apprentissage"), ("q", "communication")]),
)

# True once the page has rendered and finished its WebSocket handshake with the server.
_CONNECTED = "() => window.did_handshake === true"
_COUNT = """() => ({
    elements: Object.keys(mounted_app.elements).length,
    dom: [...document.querySelectorAll('[id]')].filter(e => /^c\\d+$/.test(e.id)).length,
})"""


async def _open(context: BrowserContext, url: str) -> Page:
    page = await context.new_page()
    await page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    # Polled by a timer: a tab in the background gets no animation frames to poll with.
    await page.wait_for_function(_CONNECTED, polling=250, timeout=180_000)
    return page


async def _open_all(contexts: list[BrowserContext], base: str, tabs: int) -> list[Page]:
    # A few at a time: two cores are shared by the site, the worker and Chromium.
    gate = asyncio.Semaphore(4)

    async def one(n: int) -> Page:
        async with gate:
            return await _open(contexts[n % len(contexts)], base + PATHS[n % len(PATHS)])

    return list(await asyncio.gather(*(one(n) for n in range(tabs))))


async def _close_all(opened: list[Page]) -> None:
    await asyncio.gather(*(page.close() for page in opened))


async def _settled_rss(pid: int, seconds: float = 4.0) -> float:
    """The resident set (MB) once the server has finished answering: the median of a few
    samples taken after a pause, so that a burst of work in flight does not count."""
    await asyncio.sleep(seconds)
    samples = []
    for _ in range(5):
        samples.append(rss_mb(pid))
        await asyncio.sleep(0.2)
    return statistics.median(samples)


async def _measure(base: str, pid: int, tabs: int) -> dict[str, Any]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        # Tabs of one browser share its cache of NiceGUI's scripts, but also its six
        # connections per host: a tab whose WebSocket falls back to long polling holds one, and
        # a seventh would wait for ever. So, a browser profile for every ten tabs.
        contexts = [
            await browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
            for _ in range((tabs + TABS_PER_PROFILE - 1) // TABS_PER_PROFILE)
        ]
        try:
            # Warm-up: the first pages pay for imports, caches and the search answers.
            warm = await _open_all(contexts, base, min(tabs, 2 * len(PATHS)))
            await _close_all(warm)
            before = await _settled_rss(pid, _LET_GO_SECONDS)

            started = time.perf_counter()
            opened = await _open_all(contexts, base, tabs)
            seconds = time.perf_counter() - started
            counts = [await page.evaluate(_COUNT) for page in opened[: len(PATHS)]]
            first = await _settled_rss(pid)
            await _close_all(opened)
            closed = await _settled_rss(pid, _LET_GO_SECONDS)

            again = await _open_all(contexts, base, tabs)
            second = await _settled_rss(pid)
            await _close_all(again)
        finally:
            await browser.close()
    return {
        "before": before,
        "first": first,
        "closed": closed,
        "second": second,
        "seconds": seconds,
        "elements": max(c["elements"] for c in counts),
        "dom": max(c["dom"] for c in counts),
    }


async def _site(source: Path, port: int, tabs: int) -> dict[str, Any]:
    """Starts the site whose code is in `source` (embedded defaults, demo catalogue) and
    measures it; its data folder is removed afterwards."""
    data = Path(tempfile.mkdtemp(prefix="pass-bench-pages-"))
    try:
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if k not in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "PASS_STORAGE_SECRET")
            },
            "PORT": str(port),
            "PASS_DATA_DIR": str(data),
            "PASS_DEMO_DATA": "1",
        }
        with (data / "server.log").open("w") as log:
            subprocess.run(  # noqa: ASYNC221
                [sys.executable, "-m", "server", "prepare"],
                env=env,
                cwd=source,
                check=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            # `python -m server`'s request log is kept out of the benchmark's output.
            server = await start_server(
                [sys.executable, "-m", "server"],
                env,
                port,
                cwd=source,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            return await _measure(f"http://127.0.0.1:{port}", server.pid, tabs)
        finally:
            stop(server)
    finally:
        shutil.rmtree(data, ignore_errors=True)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tabs", type=int, default=80)
    parser.add_argument("--port", type=int, default=0, help="the site's port (default: any free)")
    parser.add_argument(
        "--baseline",
        default=BASELINE_REVISION,
        help="the git revision measured as the baseline ('' to skip it)",
    )
    args = parser.parse_args()
    port = args.port or free_port()
    ours = await _site(ROOT, port, args.tabs)
    _report("ours", ours, args.tabs)
    baseline = None
    if args.baseline:
        # The old pages cannot live beside the new ones in one process: the baseline is the
        # whole site at that revision, exported to a temporary folder and run the same way.
        source = Path(tempfile.mkdtemp(prefix="pass-bench-pages-baseline-"))
        try:
            archive = subprocess.run(  # noqa: ASYNC221
                ["git", "-C", str(ROOT), "archive", args.baseline],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)  # noqa: ASYNC221
            baseline = await _site(source, port, args.tabs)
        finally:
            shutil.rmtree(source, ignore_errors=True)
        _report(f"baseline: the site at {args.baseline}", baseline, args.tabs)
    per_page = (ours["first"] - ours["before"]) / args.tabs
    print(f"\n{'':<34}{'MB per open page':>18}{'elements':>10}")
    print(f"{'ours':<34}{per_page:>18.2f}{ours['elements']:>10}")
    if baseline is not None:
        old = (baseline["first"] - baseline["before"]) / args.tabs
        print(f"{'baseline (' + args.baseline + ')':<34}{old:>18.2f}{baseline['elements']:>10}")
        print(f"{'ratio baseline / ours':<34}{old / max(per_page, 0.001):>17.1f}x")
    print(f"{'goal':<34}{'≤ ' + str(GOAL_MB_PER_PAGE):>18}")
    print("meets the goal" if per_page <= GOAL_MB_PER_PAGE else "MISSES the goal")


def _report(name: str, f: dict[str, Any], tabs: int) -> None:
    reuse = f["second"] - f["first"]
    reused = reuse <= max(3.0, 0.25 * (f["first"] - f["before"]))  # RSS moves by MBs anyway
    print(f"\n{name}: {tabs} results pages open at once (390×844, demo catalogue), opened in "
          f"{f['seconds']:.1f} s")  # fmt: skip
    print(f"  web process RSS: {f['before']:.0f} MB before, {f['first']:.0f} MB with the "
          f"pages open, {f['closed']:.0f} MB once closed, {f['second']:.0f} MB with as many "
          "open again")  # fmt: skip
    print(f"  per page: {f['elements']} NiceGUI elements, {f['dom']} DOM nodes with a "
          "NiceGUI id")  # fmt: skip
    print(f"  second round over the first: {reuse:+.0f} MB "
          f"({'memory reused' if reused else 'GROWS'})")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
