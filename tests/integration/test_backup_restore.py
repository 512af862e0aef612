"""The backup and restore of docs/operations.md ("Backup and restore"), done for real on the test server:
a migrated database with articles (stored through the store's upsert), entities, failures, crawls, fetch outcomes
and outbox rows is dumped with ``pg_dump -Fc``, restored with ``pg_restore`` into a new database, and the two
are compared table by table — row counts, the Alembic version, the read-only role's grants, and sequences that
continue after the restored ids."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from newsflow_crawl.crawl_rows import create_crawl, finish_crawl
from newsflow_crawl.delivery.dead_letters import record_failure
from newsflow_crawl.fetch_outcomes import record_fetch_outcomes
from newsflow_crawl.state import FetchOutcome
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest, FailureRecord, FinishCrawl
from newsflow_shared.migrate import current, head_revision, upgrade
from newsflow_shared.models import Base, OutboxMessage
from newsflow_store.articles import upsert_article

from tests.support.servers import fresh_database
from tests.unit.store import store_contract
from tests.unit.store.store_contract import enriched

pytestmark = pytest.mark.integration

CRAWL = store_contract.CRAWL  # the crawl the store contract's articles name


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (Debian: postgresql-client)")
    return path


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(libpq(url)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # type: ignore[index]


@pytest.fixture
def source(postgres_admin_url: str) -> Iterator[str]:
    with fresh_database(postgres_admin_url) as url:
        upgrade(url)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        with session_scope(sessions) as session:
            create_crawl(CRAWL, CrawlRequest(seeds=["https://news.example/"], max_pages=5), session=session)
        for n in range(5):
            with session_scope(sessions) as session:
                article = enriched(
                    f"https://news.example/2024/story-{n}",
                    title=f"Story {n}",
                    body=f"Story number {n} begins here.\n\nIt names Berlin and Ann Author {n}.",
                    entities=[("Berlin", "GPE", 1), (f"Ann Author {n}", "PERSON", 1)],
                )
                upsert_article(article, session=session)
        with session_scope(sessions) as session:
            for n in range(3):
                record_failure(
                    FailureRecord(crawl_id=CRAWL, stage="ingest", task_name="newsflow.ingest.fetch",
                                  url=f"https://news.example/gone-{n}", error_type="HttpError",
                                  reason="http_404", message="404", permanent=True),
                    session=session,
                )  # fmt: skip
            record_fetch_outcomes(
                CRAWL,
                [FetchOutcome(url=f"https://news.example/{n}", host="news.example", status=200, reason="ok")
                 for n in range(4)],
                session=session,
            )  # fmt: skip
            session.add(
                OutboxMessage(crawl_id=CRAWL, task_name="newsflow.ingest.fetch", payload={"url": "u"})
            )
        with session_scope(sessions) as session:
            finish_crawl(FinishCrawl(crawl_id=CRAWL, counts={"stored": 5, "fetched": 4}), session=session)
        engine.dispose()
        yield url


def test_pg_dump_and_pg_restore(source: str, postgres_admin_url: str, tmp_path: Path) -> None:
    before = table_counts(source)
    assert {"articles", "entities", "article_entities", "failures", "crawls", "fetch_outcomes", "outbox"} <= {
        table for table, count in before.items() if count
    }
    assert set(Base.metadata.tables) | {"alembic_version"} == set(before)
    dump = tmp_path / "newsflow.dump"
    subprocess.run(
        [tool("pg_dump"), "--format=custom", "--file", str(dump), libpq(source)], check=True, timeout=120
    )
    assert dump.stat().st_size > 0

    with fresh_database(postgres_admin_url) as restored:
        # --no-owner: the restoring role owns the objects (a new server's role names may differ); grants to
        # newsflow_reader are restored (the role exists server-wide here; on a new server create it first).
        subprocess.run(
            [tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", libpq(restored), str(dump)],
            check=True,
            timeout=120,
        )
        assert table_counts(restored) == before
        assert current(restored) == current(source) == head_revision()
        with psycopg.connect(libpq(restored)) as conn:
            (may_read,) = conn.execute(
                "SELECT has_table_privilege('newsflow_reader', 'articles', 'SELECT')"
            ).fetchone()  # type: ignore[misc]
            (may_read_outbox,) = conn.execute(
                "SELECT has_table_privilege('newsflow_reader', 'outbox', 'SELECT')"
            ).fetchone()  # type: ignore[misc]
            assert may_read and not may_read_outbox
            status = conn.execute("SELECT status, stored FROM crawls WHERE id = %s", (CRAWL,)).fetchone()
            assert status == ("done", 5)
        # Sequences were restored with the data: a new row gets the next id, not a duplicate key.
        engine = make_engine(restored)
        with session_scope(make_sessionmaker(engine)) as session:
            new_id = record_failure(
                FailureRecord(stage="store", task_name="t", error_type="E", reason="r", message="m",
                              permanent=True),
                session=session,
            )  # fmt: skip
        engine.dispose()
        assert new_id == before["failures"] + 1
