"""The GraphQL-over-HTTP conformance audit of the graphql-http package (npm), run by Node
against the site started as a user starts it: every audit passes, recommendations included."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.services import REQUIRE

PACKAGE = os.environ.get("PASS_TEST_GRAPHQL_HTTP", "")
SCRIPT = Path(__file__).with_name("graphql_http_audit.mjs")


def _unavailable(message: str) -> None:
    if REQUIRE:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def package() -> Path:
    """The extracted graphql-http package (`npm pack graphql-http`, then untar)."""
    path = Path(PACKAGE)
    if not PACKAGE or not (path / "lib" / "audits" / "index.mjs").is_file():
        _unavailable("graphql-http not found (set PASS_TEST_GRAPHQL_HTTP)")
    if shutil.which("node") is None:
        _unavailable("node not found")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, package: Path) -> Iterator[str]:
    data = tmp_path_factory.mktemp("audited-site")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "PASS_DATA_DIR": str(data), "PASS_DEMO_DATA": "0"}
    for name in ("DATABASE_URL", "REDIS_URL", "PASS_STORAGE_SECRET"):
        env.pop(name, None)
    log_path = data / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # Only a failure waits this long: a start takes over a minute on a loaded machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the site did not start:\n" + log_path.read_text())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_every_graphql_over_http_audit_passes(site: str, package: Path) -> None:
    run = subprocess.run(
        ["node", str(SCRIPT), str(package), f"{site}/graphql"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert len(results) > 50  # the package's whole list, not an empty run
    failed = [
        f"{r['status']} {r['id']} {r['name']}: {r.get('reason')} "
        f"(got {r.get('responseStatus')} {r.get('responseContentType')} {r.get('responseBody')})"
        for r in results
        if r["status"] != "ok"
    ]
    # Errors break a MUST, warnings a SHOULD, notices a MAY: none is left.
    assert failed == [], "\n".join(failed)
