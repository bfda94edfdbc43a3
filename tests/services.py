"""The real services tests run against: which are configured, and fresh databases on them.

PASS_TEST_POSTGRES_URL (an admin URL of a PostgreSQL server) and PASS_TEST_REDIS_URL name the
servers; without them those cases are skipped, unless PASS_TEST_REQUIRE_SERVICES=1, which
turns a missing service into a failure (CI sets it).
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from models.db import migrate_database
from server.runtime import open_database

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


MIGRATIONS = Path(__file__).parents[1] / "models" / "migrations"


def migrations_digest() -> str:
    """A hash of the migrations' contents: a changed or added migration gets a new template."""
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# Migrating takes ~0.2 s on SQLite and ~0.4 s on PostgreSQL, per database: each engine's
# schema is migrated once per process into a template, and each test's database is a copy.
_templates: dict[str, str] = {}


async def _sqlite_template() -> Path:
    """A migrated SQLite file in a folder of this process's own, removed at exit."""
    if "sqlite" not in _templates:
        folder = Path(tempfile.mkdtemp(prefix="pass-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / f"migrated-{migrations_digest()}.sqlite3"
        await migrate_database(f"sqlite://{path}")
        # The schema is in the WAL until a checkpoint: fold it into the file, which alone is
        # copied (the journal mode, WAL, is kept in the file's header).
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        _templates["sqlite"] = str(path)
    return Path(_templates["sqlite"])


async def _postgres_template() -> str:
    """The name of a migrated template database on the test server, shared by every process
    that runs the same migrations: built once, under an advisory lock so that two test runs
    starting together do not both build it, and published by a rename, so that a run that dies
    while migrating leaves no half-built template under that name."""
    if "postgres" not in _templates:
        digest = migrations_digest()
        name = f"pass_template_{digest}"
        building = f"{name}_building"
        lock = int(digest[:15], 16)  # fits PostgreSQL's bigint advisory lock key
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            await admin.execute("SELECT pg_advisory_lock($1)", lock)
            try:
                if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                    await admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    await admin.execute(f'CREATE DATABASE "{building}"')
                    await migrate_database(_with_database(POSTGRES_URL, building))
                    # No connections to a template: CREATE DATABASE … TEMPLATE needs none.
                    await admin.execute(
                        f'ALTER DATABASE "{building}" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true'
                    )
                    await admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
            finally:
                await admin.execute("SELECT pg_advisory_unlock($1)", lock)
        finally:
            await admin.close()
        _templates["postgres"] = name
    return _templates["postgres"]


# The next test's PostgreSQL database, copied from the template while this test runs (a copy
# takes ~0.2 s, mostly the server writing and flushing 8 MB), and the names of copies made and
# not handed out, which are dropped when the process exits.
_spare: asyncio.Task[str] | None = None
_unused: set[str] = set()


async def _copy_of_template(template: str) -> str:
    name = f"pass_test_{secrets.token_hex(6)}"
    _unused.add(name)
    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()
    return name


async def _postgres_database() -> str:
    """A new copy of the template: the one made ahead during the previous test when there is
    one (on this event loop), and the next one is started."""
    global _spare
    template = await _postgres_template()
    loop = asyncio.get_running_loop()
    spare, _spare = _spare, None
    name = None
    if spare is not None and spare.get_loop() is loop:
        try:
            name = await spare
        except Exception:
            name = None  # made again below, where a lasting failure shows
    if name is None:
        name = await _copy_of_template(template)
    _unused.discard(name)
    _spare = loop.create_task(_copy_of_template(template))
    return name


@atexit.register
def _drop_unused() -> None:
    if not _unused:
        return

    async def drop() -> None:
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            for name in _unused:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    asyncio.run(drop())


@asynccontextmanager
async def fresh_database(engine: str, tmp_dir: Path) -> AsyncIterator[str]:
    """A new, migrated, empty database; Tortoise is initialised on it for the duration."""
    if engine == "sqlite":
        path = tmp_dir / f"pass-{secrets.token_hex(4)}.sqlite3"
        shutil.copyfile(await _sqlite_template(), path)
        url = f"sqlite://{path}"
        drop = None
    else:
        need("postgres", POSTGRES_URL)
        name = await _postgres_database()
        url = _with_database(POSTGRES_URL, name)
        drop = name
    # Tortoise caches insert statements per connection name and table, not per engine: a
    # process that switches engine (only tests do) must drop them.
    EXECUTOR_CACHE.clear()
    try:
        async with open_database(url):  # as the runtime opens it (server.runtime)
            yield url
    finally:
        if drop:
            admin = await asyncpg.connect(POSTGRES_URL)
            await admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
            await admin.close()
