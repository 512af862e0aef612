"""The FastAPI application factory of the task API."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import redis
from fastapi import Depends, FastAPI, Request, status
from fastapi.responses import JSONResponse
from newsflow_shared.config import Settings, get_settings
from sqlalchemy.exc import DataError
from sqlalchemy.exc import OperationalError as DatabaseUnavailable

from newsflow_api import articles, changes, crawls, entities, failures, health, metrics, sources
from newsflow_api.auth import PROTECTED_RESPONSES, configured_token, require_token
from newsflow_api.body_limit import BodySizeLimit
from newsflow_api.console.install import install_console
from newsflow_api.resources import lifespan

log = logging.getLogger(__name__)

DESCRIPTION = """Start crawls, follow their progress, read the stored articles.

Every endpoint except `/healthz` needs `Authorization: Bearer <NEWSFLOW_API_TOKEN>` (`/metrics`, Prometheus'
text format outside this schema, too, unless `NEWSFLOW_METRICS_PUBLIC=true`).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for ``settings`` (default: the environment). Connects to nothing until it starts.

    Raises ``newsflow_api.auth.MissingApiToken`` when authentication is enabled and no token is set.
    """
    settings = settings if settings is not None else get_settings()
    configured_token(settings)  # refuse to build an open API by accident
    if settings.api_auth == "disabled":
        log.warning("task API authentication is DISABLED (NEWSFLOW_API_AUTH=disabled): local use only")
    app = FastAPI(
        title="newsflow task API",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by install_console from the installed swagger-ui-bundle, not a CDN
        redoc_url=None,  # not offered: ReDoc fetches its logo from a CDN even when served locally
    )
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(crawls.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    app.include_router(articles.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    app.include_router(changes.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    app.include_router(failures.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    app.include_router(entities.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    app.include_router(sources.router, dependencies=[Depends(require_token)], responses=PROTECTED_RESPONSES)
    # A scraper on a private network may be let in without a token (NEWSFLOW_METRICS_PUBLIC); by default it
    # sends one like any client.
    app.include_router(
        metrics.router, dependencies=[] if settings.metrics_public else [Depends(require_token)]
    )
    install_console(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    app.add_exception_handler(redis.RedisError, _unavailable("redis"))
    app.add_exception_handler(DatabaseUnavailable, _unavailable("database"))
    app.add_exception_handler(DataError, _out_of_range)
    return app


async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
    """422 for a parameter the database cannot even compare (an id beyond its integer range, found by the
    schemathesis run): the request's fault, not a server error."""
    log.info("request value refused by the database: %s", str(exc).splitlines()[0])
    return JSONResponse(
        {"detail": [{"type": "value_error", "loc": ["path"], "msg": "a value is out of range"}]},
        status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


def _unavailable(dependency: str) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """An exception handler answering 503: a dependency that is down is not the request's fault."""

    async def handler(_request: Request, exc: Exception) -> JSONResponse:
        log.error("%s unavailable: %s", dependency, exc)
        return JSONResponse(
            {"detail": f"{dependency} unavailable, try again later"},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "5"},
        )

    return handler
