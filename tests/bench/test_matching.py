"""The matching benchmark runs, and its index finds what checking every search finds (the
benchmark asserts it for each offer it scans)."""

from __future__ import annotations

import subprocess
import sys


def test_matching_benchmark_agrees_with_the_scan() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.matching", "--searches", "3000", "--offers", "30"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [row for row in done.stdout.splitlines() if row.strip().startswith("3,000 |")]
    matches_per_offer = int(line.split("|")[4].split()[0])
    assert matches_per_offer > 0
    assert "goal: p95 <= 2.0 ms" in done.stdout
