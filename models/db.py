"""Database configuration and migrations, for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

__all__ = ["MODEL_MODULES", "dialect", "migrate_database", "tortoise_config"]

MODEL_MODULES = [
    "models.reference.tables",
    "models.offers.tables",
    "models.accounts.tables",
    "models.documents.tables",
    "models.searches.tables",
    "models.alerts.tables",
    "models.mail.tables",
]


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": database_url},
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
