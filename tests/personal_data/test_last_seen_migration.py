"""Migration 0017 gives the accounts already stored a last activity: their latest session on
record, else their last change; on both engines."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from tortoise import Tortoise

from models.accounts.tables import Account, AccountRole
from models.accounts.tokens import new_token, token_hash
from models.clock import now
from models.db import tortoise_config
from tests.accounts.test_account_table_migration import (
    _empty_database,
    _insert_account,
    _migrate,
    _sql,
)

BEFORE = "models.0014_offer_duration"


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_stored_accounts_get_their_latest_session_or_last_change(
    engine: str, tmp_path: Path
) -> None:
    async with _empty_database(engine, tmp_path) as url:
        await _migrate(url, BEFORE)
        await Tortoise.init(config=tortoise_config(url))
        zoe_id = await _insert_account("account", "zoe", AccountRole.CANDIDATE, None)
        paul_id = await _insert_account("account", "paul", AccountRole.CANDIDATE, None)
        later = now() + timedelta(days=3)
        for opened in (now() + timedelta(days=1), later):
            await _sql(
                "INSERT INTO candidate_session (candidate_id, token_hash, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                zoe_id,
                token_hash(new_token()),
                opened,
                opened + timedelta(days=30),
            )
        await Tortoise.close_connections()

        await _migrate(url)
        await Tortoise.init(config=tortoise_config(url))
        zoe = await Account.get(id=zoe_id)
        paul = await Account.get(id=paul_id)
        assert zoe.last_seen_at == later
        assert paul.last_seen_at == paul.updated_at
        assert zoe.inactivity_warned_at is None and paul.inactivity_warned_at is None
