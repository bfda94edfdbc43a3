"""The alert preview benchmark runs, and its window counts what one SQL count per criteria
counts (the benchmark asserts it for each criteria it counts both ways)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_alert_preview_benchmark_agrees_with_sql_counts(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.alert_preview",
            "--offers",
            "1000",
            "--queries",
            "40",
            "--naive-runs",
            "40",
            "--results",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "800 offers in it" in done.stdout
    assert "goal p95 ≤ 20 ms at 100k offers" in done.stdout
