"""What the API holds open for its lifetime (engine, Redis client, ledger, Celery app) and typed access to it.

Everything is created in the application's lifespan, never at import, and kept on ``app.state``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import redis
from celery import Celery
from fastapi import FastAPI, Request
from newsflow_crawl.delivery.celery_transport import CeleryTransport
from newsflow_crawl.outbox import OutboxRelay
from newsflow_crawl.state import RedisLedger
from newsflow_shared.celery_app import make_celery
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from newsflow_api.stage_health import StageWatch

# A health probe or request must fail fast when Redis is gone rather than hang a worker thread.
REDIS_SOCKET_TIMEOUT = 5.0


@dataclass(frozen=True)
class Resources:
    """The open handles one API process shares between requests."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    redis: redis.Redis
    ledger: RedisLedger
    celery: Any  # celery.Celery (untyped)
    transport: CeleryTransport  # publishes through ``celery``
    stages: StageWatch  # workers and queue depths for /healthz, cached


def open_resources(settings: Settings) -> Resources:
    """Create the handles; none of them connects before its first use."""
    engine = make_engine(settings.database_url)
    client = redis.Redis.from_url(
        settings.redis_url, socket_connect_timeout=REDIS_SOCKET_TIMEOUT, socket_timeout=REDIS_SOCKET_TIMEOUT
    )
    celery: Celery = make_celery(settings)
    return Resources(
        settings=settings,
        engine=engine,
        sessions=make_sessionmaker(engine),
        redis=client,
        ledger=RedisLedger(client),
        celery=celery,
        transport=CeleryTransport(celery, settings),
        stages=StageWatch(celery, client),
    )


def close_resources(resources: Resources) -> None:
    """Release connections and pools."""
    resources.celery.close()
    resources.redis.close()
    resources.engine.dispose()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the resources and start the outbox relay at startup, put them on ``app.state``; stop at shutdown."""
    resources = open_resources(cast(Settings, app.state.settings))
    app.state.resources = resources
    app.state.engine = resources.engine
    app.state.redis = resources.redis
    app.state.ledger = resources.ledger
    app.state.celery = resources.celery
    relay = OutboxRelay(resources.sessions, resources.ledger, resources.transport)
    relay.start()
    try:
        yield
    finally:
        relay.stop()
        close_resources(resources)


def get_resources(request: Request) -> Resources:
    """FastAPI dependency: the resources of the running application."""
    return cast(Resources, request.app.state.resources)


def get_settings_of(request: Request) -> Settings:
    """FastAPI dependency: the settings the application was created with (available before startup too)."""
    return cast(Settings, request.app.state.settings)
