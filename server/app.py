"""The one ASGI application: GraphQL at /graphql, plain routes, and the NiceGUI site at /.

Routes are declared before NiceGUI is mounted at "/", which would otherwise swallow them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui.ui_run_with import run_with
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute
from tortoise.contrib.starlette import RegisterTortoise

from models.accounts.config import configure_accounts
from models.db import tortoise_config
from models.reference.vocabulary import forget_vocabulary
from models.search.facet_index import facet_index, forget_facet_index
from models.storage import LocalFileStorage, use_file_storage
from server.failures import unexpected_failure
from server.graphql_app import graphql_app
from server.jobs import account_config_for, job_queue, live_events
from server.log_redaction import redact_access_log
from server.routes import routes
from server.security_headers import SecurityHeadersMiddleware
from server.settings import Settings, settings

__all__ = ["app", "build_app"]


def build_app(config: Settings) -> Starlette:
    redact_access_log()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        use_file_storage(LocalFileStorage(config.files_dir))
        configure_accounts(account_config_for(config))
        async with RegisterTortoise(app, config=tortoise_config(config.database_url)):
            forget_vocabulary()
            forget_facet_index()
            await facet_index()  # built now rather than on the first visitor's search
            async with job_queue(config.redis_url), live_events(config.redis_url):
                yield

    graphql = graphql_app()
    app = Starlette(
        routes=[
            # Every method, so that the endpoint itself answers a PUT with a JSON 405 rather
            # than the site's mount with a page.
            Route("/graphql", graphql, methods=None),
            WebSocketRoute("/graphql", graphql),
            *routes,
        ],
        lifespan=lifespan,
        exception_handlers={500: unexpected_failure},
    )

    import ui.pages  # noqa: F401  # registers the pages with NiceGUI before it is mounted
    from ui.failures import install_failure_pages

    install_failure_pages()

    run_with(
        app,  # type: ignore[arg-type]  # any Starlette app will do, despite the annotation
        mount_path="/",
        storage_secret=config.storage_secret,
        title="PASS – Place de l'apprentissage et des stages",
        language="fr",
        favicon="🎓",
        show_welcome_message=False,
    )
    # Outside every route and the NiceGUI mount, so each HTTP response carries the headers.
    app.add_middleware(SecurityHeadersMiddleware, https_site=config.https_site)
    return app


app = build_app(settings())
