"""Server time of every console page at 1,000 sources and 100,000 articles (issue 17: each < 200 ms).

Loads a fresh PostgreSQL database with 1,000 sources (a fifth broken, some stale, some paused), 30 days of
``source_days`` for each, 100,000 articles spread over those sources and days (with entities), 3,000 poll crawls
and 5,000 failures; signs in to the console and requests each page ``--repeat`` times in-process (the ASGI app
through Starlette's TestClient: the figure is the request's whole time in the server plus a negligible client
part). The JSON endpoints the pages are built on are timed beside them, in the same run, as the reference.

    python benchmarks/console_pages.py [--sources 1000] [--articles 100000] [--repeat 15]

Needs Redis and PostgreSQL (NEWSFLOW_TEST_REDIS_URL / NEWSFLOW_TEST_DATABASE_URL, default 127.0.0.1's).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from newsflow_api.app import create_app  # noqa: E402
from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.db import make_engine  # noqa: E402
from newsflow_shared.migrate import upgrade  # noqa: E402
from newsflow_shared.models import (  # noqa: E402
    Article,
    ArticleEntity,
    Crawl,
    Entity,
    Failure,
    Source,
    SourceDay,
)
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from tests.support.servers import fresh_database, postgres_admin  # noqa: E402

TOKEN = "bench-token"
BATCH = 5_000


def load(engine: Engine, n_sources: int, n_articles: int, rng: random.Random) -> dict[str, Any]:
    now = datetime.now(UTC)
    today = now.date()
    with engine.begin() as conn:
        sources = []
        for i in range(n_sources):
            kind = i % 10
            sources.append(
                {
                    "id": i + 1, "name": f"source {i:04d}", "homepage": f"https://s{i}.example/",
                    "feeds": [f"https://s{i}.example/feed.xml"], "sitemaps": [], "languages": ["en"],
                    "tags": [f"region-{i % 7}", "news"], "mode": "feed", "max_pages": 100, "max_depth": 1,
                    "interval_minutes": 60.0, "cron": None, "active": kind != 9,
                    "created_at": now - timedelta(days=60), "updated_at": now - timedelta(days=60),
                    "next_poll_at": now + timedelta(minutes=rng.random() * 60),
                    "last_poll_at": now - timedelta(minutes=20), "last_success_at": now - timedelta(minutes=20),
                    "last_new_article_at": now - timedelta(hours=100 if kind == 8 else 2),
                    "consecutive_failures": 4 if kind in (0, 1) else 0, "last_error": None,
                    "current_crawl_id": None, "discovered_feeds": None,
                }
            )  # fmt: skip
        conn.execute(insert(Source), sources)
        days = [
            {"source_id": s + 1, "day": today - timedelta(days=d), "articles": rng.randint(0, 12)}
            for s in range(n_sources)
            for d in range(30)
        ]
        conn.execute(insert(SourceDay), days)
        crawls = [
            {"id": str(uuid.uuid4()), "mode": "feed", "seeds": [f"https://s{i % n_sources}.example/feed.xml"],
             "max_pages": 100, "max_depth": 1, "status": "failed" if i % 5 == 0 else "done", "discovered": 20,
             "fetched": 20, "articles": 10, "stored": 10, "skipped": 0, "failed": 1 if i % 5 == 0 else 0,
             "created_at": now - timedelta(minutes=i), "finished_at": now - timedelta(minutes=i),
             "source_id": i % n_sources + 1}
            for i in range(3 * n_sources)
        ]  # fmt: skip
        conn.execute(insert(Crawl), crawls)
        failures = [
            {"crawl_id": crawls[i % len(crawls)]["id"], "stage": "ingest", "task_name": "newsflow.ingest.fetch",
             "url": f"https://s{i % n_sources}.example/gone-{i}", "error_type": "HttpStatusError",
             "reason": ["http_status", "timeout", "not_html", "robots_forbidden"][i % 4], "message": "HTTP 404",
             "permanent": True, "attempts": 1, "payload": {"url": f"https://s{i}.example/gone"},
             "created_at": now - timedelta(seconds=i)}
            for i in range(5_000)
        ]  # fmt: skip
        conn.execute(insert(Failure), failures)
        entities = [
            {"id": e + 1, "name": f"Entity {e}", "type": "PERSON", "article_count": 0} for e in range(2_000)
        ]
        conn.execute(insert(Entity), entities)
    body = " ".join(["Lorem ipsum dolor sit amet, consectetur adipiscing elit."] * 20)
    for start in range(0, n_articles, BATCH):
        rows, links = [], []
        for n in range(start, min(n_articles, start + BATCH)):
            article_id = f"{n:064x}"
            created = now - timedelta(seconds=rng.random() * 30 * 86_400)
            rows.append(
                {"id": article_id, "canonical_url": f"https://s{n % n_sources}.example/a/{n}",
                 "url": f"https://s{n % n_sources}.example/a/{n}", "crawl_id": crawls[n % len(crawls)]["id"],
                 "title": f"Article number {n}", "authors": ["A. Writer"], "published_at": created, "body": body,
                 "images": [], "extras": {}, "provenance": {"title": "json-ld"}, "status": "article",
                 "content_hash": article_id, "language": "en", "created_at": created, "updated_at": created,
                 "source_id": n % n_sources + 1}
            )  # fmt: skip
            links.append({"article_id": article_id, "entity_id": n % 2_000 + 1, "count": 2})
        with engine.begin() as conn:
            conn.execute(insert(Article), rows)
            conn.execute(insert(ArticleEntity), links)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return {"crawl": crawls[0]["id"], "article": f"{0:064x}"}


def timed(
    client: TestClient, path: str, repeat: int, headers: dict[str, str] | None = None
) -> dict[str, float]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p90": samples[int(len(samples) * 0.9) - 1],
        "max": samples[-1],
    }


def sign_in(client: TestClient) -> None:
    form = client.get("/console/signin").text
    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/console/signin", data={"csrf": csrf, "token": TOKEN}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    redis_url = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379")
    with postgres_admin() as admin, fresh_database(admin) as url:
        upgrade(url)
        engine = make_engine(url)
        started = time.perf_counter()
        ids = load(engine, args.sources, args.articles, random.Random(17))
        print(
            f"loaded {args.sources} sources, {args.articles} articles in {time.perf_counter() - started:.0f} s"
        )
        settings = Settings(_env_file=None, database_url=url, redis_url=redis_url, api_token=TOKEN)
        with TestClient(create_app(settings)) as client:
            sign_in(client)
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            second = client.get("/v1/articles?limit=50", headers=bearer).json()["next_cursor"]
            pages = [
                ("/healthz", "/healthz"),  # the floor: a request that reads nothing, on this machine now
                ("/console/sources", "/v1/sources"),
                ("/console/sources?status=broken", "/v1/sources?status=broken"),
                ("/console/sources?tag=region-3&page_no=1", "/v1/sources?tag=region-3"),
                ("/console/sources/17", "/v1/sources/17"),
                ("/console/crawls", "/v1/crawls?limit=50"),
                (f"/console/crawls/{ids['crawl']}", f"/v1/crawls/{ids['crawl']}"),
                ("/console/failures", "/v1/failures?limit=100"),
                ("/console/failures?reason=timeout", "/v1/failures?limit=100&reason=timeout"),
                ("/console/failures/1", "/v1/failures/1"),
                ("/console/articles", "/v1/articles?limit=50"),
                (f"/console/articles?cursor={second}", f"/v1/articles?limit=50&cursor={second}"),
                (f"/console/articles/{ids['article']}", f"/v1/articles/{ids['article']}"),
            ]
            print(f"{'page':48} {'median ms':>9} {'p90':>7} {'max':>7}   {'JSON endpoint median':>20}")
            worst = 0.0
            for page, api in pages:
                figures = timed(client, page, args.repeat)
                reference = timed(client, api, args.repeat, bearer)
                worst = max(worst, figures["p90"])
                print(
                    f"{page[:48]:48} {figures['median']:9.1f} {figures['p90']:7.1f} {figures['max']:7.1f}   "
                    f"{reference['median']:20.1f}"
                )
            print(
                f"slowest page p90: {worst:.1f} ms (target < 200 ms); load average {os.getloadavg()[0]:.1f}"
            )
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
