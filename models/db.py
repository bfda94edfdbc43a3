"""Database configuration and migrations, for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate

__all__ = ["MODEL_MODULES", "dialect", "migrate_database", "tortoise_config"]

MODEL_MODULES = [
    "models.reference.tables",
    "models.offers.tables",
    "models.accounts.tables",
    "models.documents.tables",
    "models.saved_searches.tables",
    "models.personal_data.tables",
    "models.applications.tables",
    "models.favourites.tables",
    "models.alerts.tables",
    "models.mail.tables",
]


# How long a SQLite connection waits for another process's write before « database is
# locked ». Writes take milliseconds; this only has to outlast a burst of them.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def _connection(database_url: str) -> str | dict[str, Any]:
    """SQLite gets our backend (BEGIN IMMEDIATE, see models.sqlite_backend) and, on every
    connection, a busy timeout and the WAL journal, so that the web process, the worker and
    the operator commands can all write to one file. PostgreSQL needs none of this."""
    if not database_url.startswith("sqlite:"):
        return database_url
    expanded = expand_db_url(database_url)
    credentials: dict[str, Any] = expanded["credentials"]
    # Pragmas run in this order when a connection opens: the busy timeout first, so that
    # switching the journal to WAL waits for a process that holds the file instead of failing.
    return {
        "engine": "models.sqlite_backend",
        "credentials": {
            "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
            "journal_mode": "WAL",
            **credentials,  # a pragma given in the URL wins, e.g. ?busy_timeout=60000
        },
    }


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "migrations": "models.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def migrate_database(database_url: str) -> None:
    """Brings the schema up to date by running the migrations, then closes the connections."""
    await migrate(config=tortoise_config(database_url))
    await Tortoise.close_connections()


def dialect() -> str:
    """ "sqlite" or "postgres", for the few queries written per engine."""
    return str(connections.get("default").capabilities.dialect)


async def check_database() -> None:
    """Raises unless the database answers (the health check's question)."""
    await connections.get("default").execute_query("SELECT 1")
