"""The one ASGI application: GraphQL at /graphql, plain routes, and the NiceGUI site at /.

Built by `create_app()` (uvicorn's `--factory`), never at import. Routes are declared before
NiceGUI is mounted at "/", which would otherwise swallow them. NiceGUI keeps its pages in
process-wide state: build one app per process.
"""

from __future__ import annotations

# isort: off
from server import lean_start  # first: see there what a start skips

# isort: on
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui.ui_run_with import run_with
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute

from server.cors import CORSMiddleware
from server.failures import unexpected_failure
from server.graphql_app import graphql_app
from server.log_redaction import redact_access_log
from server.open_data import open_data_routes
from server.routes import routes
from server.runtime import Role, open_runtime
from server.search_engines import search_engine_routes
from server.security_headers import SecurityHeadersMiddleware
from server.settings import Settings, settings

__all__ = ["create_app"]

lean_start.imported()


def create_app(config: Settings | None = None) -> Starlette:
    config = config or settings()
    redact_access_log()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_runtime(config, Role.WEB):
            yield

    graphql = graphql_app(config)
    app = Starlette(
        routes=[
            # Every method, so that the endpoint itself answers a PUT with a JSON 405 rather
            # than the site's mount with a page.
            Route("/graphql", graphql, methods=None),
            WebSocketRoute("/graphql", graphql),
            *routes,
            *search_engine_routes,
            *open_data_routes,
        ],
        lifespan=lifespan,
        exception_handlers={500: unexpected_failure},
    )

    import ui.pages  # noqa: F401  # registers the pages with NiceGUI before it is mounted
    from ui.connection_resilience import install_connection_resilience
    from ui.dsfr import install_dsfr
    from ui.failures import install_failure_pages
    from ui.no_javascript import install_no_javascript_notice

    install_dsfr()
    install_failure_pages()
    install_no_javascript_notice()
    install_connection_resilience()

    run_with(
        app,  # type: ignore[arg-type]  # any Starlette app will do, despite the annotation
        mount_path="/",
        storage_secret=config.storage_secret,
        title="PASS – Place de l'apprentissage et des stages",
        language="fr",
        favicon="🎓",
        show_welcome_message=False,
    )
    # Outside NiceGUI's session middleware: a preflight is answered before it sets a cookie.
    app.add_middleware(CORSMiddleware)
    # Outside every route and the NiceGUI mount, so each HTTP response carries the headers.
    app.add_middleware(SecurityHeadersMiddleware, https_site=config.https_site)
    return app
