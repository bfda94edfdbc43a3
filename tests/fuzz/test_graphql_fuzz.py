"""A third-party fuzzer (schemathesis) against the running `/graphql`: every query and mutation
of the published schema, with generated arguments, signed in as an administrator so that every
resolver is reached. Bounded in time; 0 server failures allowed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.fuzz.site import running_site

ROOT = Path(__file__).parents[2]
FUZZ_SECONDS = int(os.environ.get("PASS_FUZZ_SECONDS", "100"))


def test_schemathesis_finds_no_server_failure(tmp_path: Path) -> None:
    with running_site(tmp_path) as site:
        token = site.admin_token()
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "--no-color",
                "run",
                f"{site.url}/graphql",
                "--checks",
                "no_server_failure",
                "--max-time",
                str(FUZZ_SECONDS),
                "--workers",
                "2",
                "--request-timeout",
                "20",
                # Signing out would end the fuzzing session's token half-way through.
                "--exclude-name",
                "Mutation.logout",
                "--header",
                f"Authorization: Bearer {token}",
                "--seed",
                "20261130",
            ],
            env={
                **os.environ,
                "SCHEMATHESIS_HOOKS": "tests.fuzz.schemathesis_hooks",
                "PYTHONPATH": str(ROOT),
            },
            cwd=tmp_path,  # schemathesis keeps its own files in the working folder
            capture_output=True,
            text=True,
            timeout=FUZZ_SECONDS + 120,
        )
        report = result.stdout[-6000:] + result.stderr[-2000:]
        assert result.returncode == 0, report
        assert "generated" in result.stdout, report
        # The site still answers after the run.
        assert httpx.get(f"{site.url}/health", timeout=5).status_code == 200
