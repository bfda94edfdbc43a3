"""The site's ASGI app, built once for the whole test run: NiceGUI keeps its pages in
process-wide state, so a process builds one app (server.app.create_app)."""

from __future__ import annotations

from server.app import create_app

__all__ = ["app"]

app = create_app()
