"""``GET /metrics``: what only a scrape-time look at Redis and PostgreSQL can tell, in Prometheus' text format.

The workers count what they do (``newsflow_ops.metrics``, served by each ``newsflow worker``); the API serves the
state of the whole pipeline, computed when scraped:

- ``newsflow_queue_depth{queue}``, ``newsflow_queue_held{queue}``, ``newsflow_queue_oldest_age_seconds{queue}``
  from the broker (``newsflow_ops.broker``: deferred messages included);
- ``newsflow_crawls{status}`` from the ``crawls`` table;
- ``newsflow_sources{status}`` (``live | stale | broken | paused``, docs/sources.md) from the ``sources`` table;
- ``newsflow_host_paused{host}`` (1 while paused) from the crawl ledger of unfinished crawls;
- ``newsflow_metrics_source_up{source}``: 0 when Redis (``broker``) or the database did not answer — the other
  families are then served without that source's, rather than the scrape failing whole.

Protected by the bearer token like every other route (Prometheus sends one with ``authorization:
credentials_file``), unless ``NEWSFLOW_METRICS_PUBLIC=true`` serves it openly to a scraper on a private
network. Not part of the OpenAPI schema: its body is Prometheus' format, not JSON.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, get_args

import redis
from fastapi import APIRouter, Depends, Response
from newsflow_crawl.sources.health import status_counts
from newsflow_ops.broker import queue_families, read_queues
from newsflow_shared.db import session_scope
from newsflow_shared.messages import CRAWL_FINAL_STATUSES, CrawlStatus
from newsflow_shared.models import Crawl
from newsflow_shared.queues import QUEUES
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from newsflow_api.resources import Resources, get_resources

log = logging.getLogger(__name__)

router = APIRouter(tags=["metrics"])

CRAWL_STATUSES: tuple[str, ...] = get_args(CrawlStatus)
# Paused hosts are read from this many unfinished crawls at most, the most recent first.
PAUSED_HOSTS_CRAWLS = 500


class PipelineCollector(Collector):
    """The scrape-time families of the API (see the module docstring)."""

    def __init__(self, resources: Resources) -> None:
        self._resources = resources

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "newsflow_metrics_source_up",
            "Whether a source of the API's scrape-time metrics answered (broker: Redis; database).",
            labels=["source"],
        )
        families: list[GaugeMetricFamily] = []
        try:
            families += queue_families(read_queues(self._resources.redis, QUEUES, time.time()))
            up.add_metric(["broker"], 1)
        except redis.RedisError as exc:
            log.warning("metrics: cannot read the queues from Redis: %s", exc)
            up.add_metric(["broker"], 0)
        unfinished: list[str] = []
        try:
            crawls, unfinished = self._crawls()
            families += [crawls, self._sources()]
            up.add_metric(["database"], 1)
        except SQLAlchemyError as exc:
            log.warning("metrics: cannot count crawls: %s", exc)
            up.add_metric(["database"], 0)
        try:
            families.append(self._paused_hosts(unfinished))
        except redis.RedisError as exc:
            log.warning("metrics: cannot read paused hosts from Redis: %s", exc)
        yield up
        yield from families

    def _crawls(self) -> tuple[GaugeMetricFamily, list[str]]:
        """``newsflow_crawls{status}`` (every status, 0 included) and the ids of the newest unfinished crawls."""
        with session_scope(self._resources.sessions) as session:
            counts = dict(session.execute(select(Crawl.status, func.count()).group_by(Crawl.status)).all())
            unfinished = session.scalars(
                select(Crawl.id)
                .where(Crawl.status.not_in(CRAWL_FINAL_STATUSES))
                .order_by(Crawl.created_at.desc())
                .limit(PAUSED_HOSTS_CRAWLS)
            ).all()
        family = GaugeMetricFamily("newsflow_crawls", "Crawls by status.", labels=["status"])
        for status in dict.fromkeys([*CRAWL_STATUSES, *counts]):
            family.add_metric([status], int(counts.get(status, 0)))
        return family, list(unfinished)

    def _sources(self) -> GaugeMetricFamily:
        """``newsflow_sources{status}``: sources by health status (live, stale, broken, paused; 0s included)."""
        with session_scope(self._resources.sessions) as session:
            counts = status_counts(session=session, settings=self._resources.settings, now=datetime.now(UTC))
        family = GaugeMetricFamily("newsflow_sources", "Sources by health status.", labels=["status"])
        for status, count in counts.items():
            family.add_metric([status], count)
        return family

    def _paused_hosts(self, crawl_ids: list[str]) -> GaugeMetricFamily:
        """``newsflow_host_paused{host}``: 1 for each host a running crawl's fetcher paused (too many failures
        in a row, or a 429/503 Retry-After) until a time still to come."""
        hosts: set[str] = set()
        for crawl_id in crawl_ids:
            hosts.update(self._resources.ledger.stats(crawl_id).paused_hosts)
        family = GaugeMetricFamily(
            "newsflow_host_paused", "1 while a host is paused by the fetcher's politeness.", labels=["host"]
        )
        for host in sorted(hosts):
            family.add_metric([host], 1)
        return family


@router.get("/metrics", include_in_schema=False)
def metrics(resources: Annotated[Resources, Depends(get_resources)]) -> Response:
    """Prometheus text exposition of :class:`PipelineCollector`, computed now."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PipelineCollector(resources))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
