"""``/healthz``: whether Redis and the database answer and, when they do, whether each stage has a live worker.
Unauthenticated, for load balancers, compose and operators.

The status code speaks for the API alone: 503 when Redis or the database does not answer (this API cannot serve),
200 otherwise — also when the pipeline is ``degraded`` (a stage has messages waiting and no live worker), since
taking the API out of a load balancer would not bring a worker back. The body says which.
"""

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
    response_model_exclude_none=True,
    responses={503: {"model": Health, "description": "Redis or the database does not answer"}},
)
def healthz(response: Response, resources: Annotated[Resources, Depends(get_resources)]) -> Health:
    """200 ``ok`` when Redis answers PING, the database ``SELECT 1``, and no stage has messages waiting without a
    live worker; 200 ``degraded`` when one has (``stages`` says which); 503 ``error`` naming the dependency that
    did not answer (stages are then not asked)."""
    health = Health(status="ok", redis=_probe_redis(resources), database=_probe_database(resources))
    if "error" in (health.redis, health.database):
        health.status = "error"
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return health
    health.stages = resources.stages.stages()
    if health.stages and any(stage.status == "degraded" for stage in health.stages.values()):
        health.status = "degraded"
    return health
