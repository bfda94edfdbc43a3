"""The real services tests run against: which are configured, and fresh databases on them.

PASS_TEST_POSTGRES_URL (an admin URL of a PostgreSQL server) and PASS_TEST_REDIS_URL name the
servers; without them those cases are skipped, unless PASS_TEST_REQUIRE_SERVICES=1, which
turns a missing service into a failure (CI sets it).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models.alerts.delivery import forget_alert_index
from models.db import migrate_database, tortoise_config
from models.reference.vocabulary import forget_vocabulary
from models.search.facet_index import forget_facet_index

POSTGRES_URL = os.environ.get("PASS_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("PASS_TEST_REDIS_URL", "")
REQUIRE = os.environ.get("PASS_TEST_REQUIRE_SERVICES") == "1"
ENGINES = ("sqlite", "postgres")


_VARIABLES = {
    "postgres": "PASS_TEST_POSTGRES_URL",
    "redis": "PASS_TEST_REDIS_URL",
    "chromium": "PASS_TEST_CHROMIUM",
}


def need(service: str, configured: str) -> None:
    if configured:
        return
    message = f"{service} not configured (set {_VARIABLES[service]})"
    if REQUIRE:
        pytest.fail(message)
    pytest.skip(message)


def _with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


@asynccontextmanager
async def fresh_database(engine: str, tmp_dir: Path) -> AsyncIterator[str]:
    """A new, migrated, empty database; Tortoise is initialised on it for the duration."""
    if engine == "sqlite":
        url = f"sqlite://{tmp_dir / f'pass-{secrets.token_hex(4)}.sqlite3'}"
        drop = None
    else:
        need("postgres", POSTGRES_URL)
        name = f"pass_test_{secrets.token_hex(6)}"
        admin = await asyncpg.connect(POSTGRES_URL)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = _with_database(POSTGRES_URL, name)
        drop = name
    # Tortoise caches insert statements per connection name and table, not per engine: a
    # process that switches engine (only tests do) must drop them.
    EXECUTOR_CACHE.clear()
    await migrate_database(url)
    await Tortoise.init(config=tortoise_config(url))
    forget_vocabulary()
    forget_facet_index()
    forget_alert_index()
    try:
        yield url
    finally:
        await Tortoise.close_connections()
        forget_vocabulary()
        forget_facet_index()
        forget_alert_index()
        if drop:
            admin = await asyncpg.connect(POSTGRES_URL)
            await admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
            await admin.close()
