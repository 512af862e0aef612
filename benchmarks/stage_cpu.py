"""CPU milliseconds, SQL statements and Redis commands per article of the enrich and store stages, in one
process, without Celery — and a profile.

The stages' own code, the way a Celery worker runs it (one message at a time, the payload decoded from JSON,
``run_step`` around it), against real PostgreSQL and Redis, on the pipeline benchmark's generated articles.
What Celery adds (message decoding, acks, the prefork pool) is measured by ``benchmarks/pipeline.py``; this one
isolates the stage code so a change to it can be measured in seconds and profiled. SQL statements are counted
as the driver sends them (an ``executemany`` is one); Redis commands from ``INFO commandstats`` around each stage
(the ledger's commands: the broker's own are not part of this run).

    python benchmarks/stage_cpu.py [--articles 300] [--profile store|enrich] [--top 40]

Needs NEWSFLOW_TEST_REDIS_URL / NEWSFLOW_TEST_DATABASE_URL (defaults 127.0.0.1's); creates and drops a database.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsflow_shared.config import Settings  # noqa: E402
from newsflow_shared.messages import ParsedArticle  # noqa: E402

from benchmarks.server_counters import delta, format_commands, redis_commandstats  # noqa: E402
from newsflow.generated_site import article_paths, generate_site  # noqa: E402
from tests.support.servers import postgres_server, redis_server  # noqa: E402

BASE = "http://news.example"


def parsed_articles(n: int, crawl_id: str | None) -> list[ParsedArticle]:
    """The generated site's articles as the ingest stage's extraction gives them."""
    from newsflow_ingest.extraction import parse_article

    files = generate_site(n)
    articles = []
    for path in article_paths(files):
        html = files[path].body.decode("utf-8").replace("{{BASE}}", BASE)
        articles.append(parse_article(html, BASE + path).model_copy(update={"crawl_id": crawl_id}))
    return articles


@contextmanager
def profiled(enabled: bool, top: int) -> Iterator[None]:
    profile = cProfile.Profile(time.process_time) if enabled else None  # CPU time, not waits
    if profile is not None:
        profile.enable()
    try:
        yield
    finally:
        if profile is not None:
            profile.disable()
            stats = pstats.Stats(profile, stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("tottime").print_stats(top)


def cpu_ms_per_item(items: list[object], run: Callable[[object], None]) -> float:
    started = time.process_time()
    for item in items:
        run(item)
    return (time.process_time() - started) * 1000 / max(len(items), 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--profile", choices=("enrich", "store"), default=None)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    from newsflow_crawl.crawl_rows import create_crawl
    from newsflow_crawl.delivery.policy import run_step
    from newsflow_crawl.state import RedisLedger
    from newsflow_enrich.enricher import Enricher
    from newsflow_enrich.step import enrich_step
    from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
    from newsflow_shared.messages import CrawlRequest
    from newsflow_shared.migrate import upgrade
    from newsflow_store.step import store_step

    from newsflow.inprocess_queue import InProcessQueue

    with redis_server() as redis_url, postgres_server() as database_url:
        settings = Settings(database_url=database_url, redis_url=redis_url, log_level="WARNING")
        upgrade(database_url)
        engine = make_engine(database_url)
        statements = count_statements(engine)
        sessions = make_sessionmaker(engine)
        ledger = RedisLedger.from_url(redis_url)
        crawl_id = str(uuid.uuid4())
        with session_scope(sessions) as session:
            create_crawl(crawl_id, CrawlRequest(seeds=[BASE + "/"], mode="sitemap"), session=session)
        articles = parsed_articles(args.articles, crawl_id)
        enricher = Enricher(settings)
        enricher.enrich(articles[0])  # loads the model, the dictionaries, warms the caches
        queue = InProcessQueue()

        def enrich_one(article: object) -> None:
            payload = json.loads(json.dumps(article.model_dump(mode="json")))  # type: ignore[attr-defined]
            run_step(enrich_step(payload, enricher.enrich, ledger), transport=queue, ledger=ledger,
                     settings=settings, attempts=0)  # fmt: skip

        before, statements[0] = redis_commandstats(redis_url), 0
        with profiled(args.profile == "enrich", args.top):
            enrich_ms = cpu_ms_per_item(list(articles), enrich_one)
        enrich_redis, enrich_sql = delta(before, redis_commandstats(redis_url)), statements[0]
        store_payloads = [json.dumps(m.payload) for m in queue.take("store", len(articles) * 2)]

        def store_one(raw: object) -> None:
            step = store_step(json.loads(str(raw)), sessions=sessions, ledger=ledger,
                              near_duplicate_similarity=settings.near_duplicate_similarity)  # fmt: skip
            run_step(step, transport=queue, ledger=ledger, settings=settings, attempts=0)

        before, statements[0] = redis_commandstats(redis_url), 0
        with profiled(args.profile == "store", args.top):
            store_ms = cpu_ms_per_item(list(store_payloads), store_one)
        store_redis, store_sql = delta(before, redis_commandstats(redis_url)), statements[0]
        engine.dispose()
    n = len(articles)
    print(f"{n} articles, CPU ms per article: enrich {enrich_ms:.1f}, store {store_ms:.1f}")
    print(f"SQL statements per article: enrich {enrich_sql / n:.1f}, store {store_sql / n:.1f}")
    print(f"Redis commands, enrich: {format_commands(enrich_redis, n)}")
    print(f"Redis commands, store: {format_commands(store_redis, n)}")


def count_statements(engine: object) -> list[int]:
    """A one-item list counting the statements ``engine`` sends from now on (reset it by assigning 0)."""
    from sqlalchemy import event

    counter = [0]

    def count(*_: object) -> None:
        counter[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    return counter


if __name__ == "__main__":
    main()
