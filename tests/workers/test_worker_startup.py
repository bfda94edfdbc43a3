"""The worker process starts with what its jobs read: database, storage, mailer, site links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import asyncio
from server.worker.schedule import shutdown, startup
from models.accounts.config import account_config
from models.storage import file_storage

async def main():
    ctx = {}
    await startup(ctx)
    print(account_config().site_url, type(ctx["mailer"]).__name__, file_storage().root)
    await shutdown(ctx)

asyncio.run(main())
"""


def test_startup_configures_what_the_jobs_need(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PASS_DATA_DIR": str(tmp_path),
        "PASS_SITE_URL": "https://pass.example.fr",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "https://pass.example.fr",
        "OutboxMailer",
        str(tmp_path / "files"),
    ]
