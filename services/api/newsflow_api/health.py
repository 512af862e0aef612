"""``/healthz``: whether Redis and the database answer. Unauthenticated, for load balancers and compose."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy import text

from newsflow_api.resources import Resources, get_resources
from newsflow_api.schemas import Health, Probe

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


def _probe_redis(resources: Resources) -> Probe:
    try:
        resources.redis.ping()
    except Exception as exc:  # any failure means "not healthy"; the reason goes to the log, not the response
        log.warning("health: Redis does not answer: %s", exc)
        return "error"
    return "ok"


def _probe_database(resources: Resources) -> Probe:
    try:
        with resources.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        log.warning("health: database does not answer: %s", exc)
        return "error"
    return "ok"


@router.get(
    "/healthz",
    response_model=Health,
    responses={503: {"model": Health, "description": "Redis or the database does not answer"}},
)
def healthz(response: Response, resources: Annotated[Resources, Depends(get_resources)]) -> Health:
    """200 when Redis answers PING and the database ``SELECT 1``; 503 naming the one that did not."""
    health = Health(status="ok", redis=_probe_redis(resources), database=_probe_database(resources))
    if "error" in (health.redis, health.database):
        health.status = "error"
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return health
