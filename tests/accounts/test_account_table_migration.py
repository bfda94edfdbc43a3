"""Migration 0008 renames the table of every account, `candidate`, to `account`: the accounts
written before it, their ids, and the rows of other tables pointing at them all survive, on
both engines, and so does the way back."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import asyncpg
import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.exceptions import IntegrityError
from tortoise.migrations.api import migrate

from models.accounts.sessions import account_for_token
from models.accounts.tables import Account, AccountRole, Civility
from models.accounts.tokens import new_token, token_hash
from models.clock import now
from models.db import tortoise_config
from models.documents.library import documents_of
from tests.services import POSTGRES_URL, need

BEFORE = "models.0007_roles_and_digests"


@asynccontextmanager
async def _empty_database(engine: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database with no table at all, dropped afterwards."""
    EXECUTOR_CACHE.clear()  # insert statements are cached per connection name, not engine
    if engine == "sqlite":
        try:
            yield f"sqlite://{tmp_path / 'migrated.sqlite3'}"
        finally:
            await Tortoise.close_connections()
        return
    need("postgres", POSTGRES_URL)
    name = f"pass_test_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(POSTGRES_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield urlunparse(urlparse(POSTGRES_URL)._replace(path=f"/{name}"))
    finally:
        await Tortoise.close_connections()
        admin = await asyncpg.connect(POSTGRES_URL)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _migrate(url: str, target: str | None = None) -> None:
    await migrate(config=tortoise_config(url), target=target)
    await Tortoise.close_connections()


async def _sql(query: str, *values: Any) -> list[dict[str, Any]]:
    """Plain SQL with `?` placeholders, whatever the engine."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        numbers = iter(range(1, len(values) + 1))
        query = re.sub(r"\?", lambda _: f"${next(numbers)}", query)
    _, rows = await client.execute_query(query, list(values))
    return [dict(row) for row in rows]


async def _insert_account(
    table: str, username: str, role: AccountRole, administration: str | None
) -> int:
    stamp = now()
    await _sql(
        f"INSERT INTO {table} (civility, last_name, first_name, phone, email, username,"
        " email_key, username_key, password_hash, role, administration_id, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Civility.MADAME.value,
        "Durand",
        "Zoé",
        "",
        f"{username}@exemple.fr",
        username,
        f"{username}@exemple.fr",
        username,
        "not-a-hash",
        role.value,
        administration,
        stamp,
        stamp,
    )
    [row] = await _sql(f"SELECT id FROM {table} WHERE username = ?", username)
    return int(row["id"])


async def _insert_document(candidate_id: int) -> None:
    await _sql(
        "INSERT INTO document (candidate_id, category, filename, content_type, size, sha256,"
        " storage_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        candidate_id,
        "cv",
        "CV.pdf",
        "application/pdf",
        4,
        "0" * 64,
        secrets.token_hex(16),
        now(),
    )


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_accounts_and_what_points_at_them_survive_the_rename(
    engine: str, tmp_path: Path
) -> None:
    async with _empty_database(engine, tmp_path) as url:
        await _migrate(url, BEFORE)
        await Tortoise.init(config=tortoise_config(url))
        zoe_id = await _insert_account("candidate", "zoe", AccountRole.CANDIDATE, None)
        recruiter_id = await _insert_account("candidate", "rh", AccountRole.RECRUITER, "culture")
        token = new_token()
        await _sql(
            "INSERT INTO candidate_session (candidate_id, token_hash, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            zoe_id,
            token_hash(token),
            now(),
            now() + timedelta(days=1),
        )
        await _insert_document(zoe_id)
        await Tortoise.close_connections()

        await _migrate(url)
        await Tortoise.init(config=tortoise_config(url))
        zoe = await Account.get(username="zoe")
        assert (zoe.id, zoe.role, zoe.first_name) == (zoe_id, AccountRole.CANDIDATE, "Zoé")
        recruiter = await Account.get(id=recruiter_id)
        assert recruiter.role is AccountRole.RECRUITER
        assert recruiter.administration_id == "culture"  # type: ignore[attr-defined]
        # The session and the document still lead to their account, through the new table.
        signed_in = await account_for_token(token)
        assert signed_in is not None and signed_in.id == zoe_id
        assert [d.filename for d in await documents_of(zoe)] == ["CV.pdf"]
        # New accounts carry on numbering after the old ones.
        newcomer = await _insert_account("account", "paul", AccountRole.CANDIDATE, None)
        assert newcomer > max(zoe_id, recruiter_id)
        # The foreign keys now point at `account`: they refuse a stranger and follow a deletion.
        with pytest.raises(IntegrityError):
            await _insert_document(newcomer + 1000)
        await _sql("DELETE FROM account WHERE id = ?", zoe_id)
        assert await account_for_token(token) is None
        assert await _sql("SELECT id FROM document") == []
        assert await _sql("SELECT id FROM candidate_session") == []
        await Tortoise.close_connections()

        # And back: the table is `candidate` again, with its rows.
        await _migrate(url, BEFORE)
        await Tortoise.init(config=tortoise_config(url))
        rows = await _sql("SELECT username FROM candidate ORDER BY id")
        assert [row["username"] for row in rows] == ["rh", "paul"]
        await _insert_document(recruiter_id)
        with pytest.raises(IntegrityError):
            await _insert_document(recruiter_id + 1000)
        await Tortoise.close_connections()
