"""The reader side at scale (issue 14): load generated articles into PostgreSQL with COPY, then time what a
downstream reader does, and the write-path cost of the change feed and versions.

    python benchmarks/reader.py [--articles 1000000] [--export 100000] [--keep]

Articles: realistic sizes (titles of ~9 words, bodies of 250–900 words, ~3.5 kB), five languages (en, fr, de, es,
ar, each with its own vocabulary drawn Zipf-like), 200 sites, 12 sections, 3 years of publication dates, 5 entity
links each out of 50,000 entities, one feed row and one version each. Measured (p50/p95 over repeated queries with
random arguments): a change-feed page of 500 (``newsflow_v1.changes``), an article by id, a search by one term
(``GET /v1/articles?q=`` as built by ``newsflow_shared.article_query``: newest first, and the first page by
relevance as ``ranked_page`` pages it), a search by entity + a month of dates and by section + a month of dates,
an export of ``--export`` articles (``newsflow_shared.export``, articles/s); the database size per million
articles; and the store's CPU ms per article with and without the feed and version writes
(``newsflow_store.changes.record_store`` replaced by a no-op), same run, same articles.

Needs PostgreSQL (NEWSFLOW_TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres); creates
and (unless --keep) drops a database of its own.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from newsflow_shared.article_query import (  # noqa: E402
    ArticleFilters,
    RelevancePosition,
    filtered,
    ordered,
    ranked_page,
)
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope  # noqa: E402
from newsflow_shared.export import export_records  # noqa: E402
from newsflow_shared.feed import read_changes  # noqa: E402
from newsflow_shared.migrate import upgrade  # noqa: E402
from newsflow_shared.models import Article  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

LANGUAGES = ("en", "fr", "de", "es", "ar")
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
START = datetime(2022, 1, 1, tzinfo=UTC)
ENTITIES = 50_000


def vocabulary(language: str, rng: random.Random, size: int = 20_000) -> list[str]:
    letters = (
        ARABIC_LETTERS
        if language == "ar"
        else "abcdefghijklmnopqrstuvwxyzéè"
        if language == "fr"
        else ("abcdefghijklmnopqrstuvwxyz")
    )
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 10))) for _ in range(size)]


def zipf_words(words: list[str], rng: random.Random, count: int) -> str:
    # Pareto-distributed ranks: a few words very common, most rare, as in text.
    return " ".join(words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(count))


def _copy(conn: psycopg.Connection[Any], table: str, columns: str, rows: Callable[[], Any]) -> None:
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows():
            copy.write_row(row)


LOADED_TABLES = ("articles", "article_entities", "article_changes", "article_versions")


def _drop_secondary_indexes(conn: psycopg.Connection[Any]) -> list[str]:
    """Drop the loaded tables' indexes that back no constraint, returning their definitions: building each index
    once over the loaded rows is far cheaper than maintaining it row by row during the load."""
    rows = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) "
        "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        (list(LOADED_TABLES),),
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP INDEX {name}")
    return [definition for _, definition in rows]


def _load_paragraphs(conn: psycopg.Connection[Any], pool: dict[str, list[str]]) -> None:
    """The paragraph pool in a table, each paragraph's tsvector computed once by the schema's own function."""
    conn.execute("CREATE UNLOGGED TABLE bench_paragraphs (language text, n int, body text, vector tsvector)")
    _copy(conn, "bench_paragraphs", "language, n, body",
          lambda: ((lang, n, text) for lang, texts in pool.items() for n, text in enumerate(texts)))  # fmt: skip
    conn.execute("UPDATE bench_paragraphs SET vector = newsflow_search_vector(language, NULL, NULL, body)")
    conn.execute("CREATE UNIQUE INDEX ON bench_paragraphs (language, n)")


def _insert_articles(conn: psycopg.Connection[Any]) -> None:
    """Articles from the staged rows: the body is five pooled paragraphs, and the stored search vector is the
    title's vector followed by the paragraphs' precomputed ones. ``a || b`` shifts b's positions by a's last
    position, so lexemes and weights are exactly ``newsflow_search_vector``'s; positions can differ by the
    stopwords that end a paragraph (checked on a sample in ``load``). Computing the vector of 3.5 kB costs ~1 CPU
    ms, i.e. ~17 CPU minutes for a million rows on this 2-core machine — most of the load."""
    joins = " ".join(
        f"JOIN bench_paragraphs p{k} ON p{k}.language = s.language AND p{k}.n = s.p{k}" for k in range(1, 6)
    )
    body = " || E'\\n\\n' || ".join(f"p{k}.body" for k in range(1, 6))
    vector = " || ".join(f"p{k}.vector" for k in range(1, 6))
    # Nested loops over the paragraphs' index keep the staged (publication) order on disk, as a store that
    # appends articles as they come would: the date indexes then correlate with the heap, as in production.
    conn.execute("SET enable_hashjoin = off")
    conn.execute("SET enable_mergejoin = off")
    conn.execute(
        "INSERT INTO articles (id, canonical_url, url, title, authors, published_at, body, images, site_name, "
        "section, language, extras, provenance, status, content_hash, created_at, updated_at, version, "
        "search_vector) SELECT s.id, s.url, s.url, s.title, '[\"A Writer\"]', s.published, "
        f"{body}, '[]', 'Site ' || s.site, 'Section ' || s.section, s.language, '{{}}', '{{}}', 'article', "
        "repeat('0', 64), s.stored, s.stored, 1, "
        f"newsflow_search_vector(s.language, s.title, NULL, NULL) || {vector} "
        f"FROM bench_staged s {joins}"
    )
    conn.execute("RESET enable_hashjoin")
    conn.execute("RESET enable_mergejoin")


def load(admin_url: str, url: str, articles: int, seed: int = 7) -> dict[str, float]:
    rng = random.Random(seed)
    vocab = {lang: vocabulary(lang, rng) for lang in LANGUAGES}
    # Bodies are five paragraphs drawn from a pool of generated ones: realistic sizes and word statistics, and a
    # million of them generate in minutes rather than hours.
    pool = {
        lang: [zipf_words(vocab[lang], rng, rng.randint(50, 180)) for _ in range(3000)] for lang in LANGUAGES
    }
    started = time.perf_counter()
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '2GB'")
        indexes = _drop_secondary_indexes(conn)
        # The vector is written by _insert_articles (same lexemes, computed once per paragraph); the column is
        # a plain one from here on in this benchmark database only.
        conn.execute("ALTER TABLE articles ALTER COLUMN search_vector DROP EXPRESSION")
        _copy(conn, "entities", "name, type, article_count",
              lambda: ((f"Entity {n}", ("PERSON", "ORG", "GPE")[n % 3], 0) for n in range(ENTITIES)))  # fmt: skip
        first_entity = conn.execute("SELECT min(id) FROM entities").fetchone()[0]  # type: ignore[index]
        _load_paragraphs(conn, pool)
        conn.execute(
            "CREATE UNLOGGED TABLE bench_staged (n int, id text, url text, title text, published timestamptz, "
            "stored timestamptz, site int, section int, language text, p1 int, p2 int, p3 int, p4 int, p5 int)"
        )

        def staged_rows() -> Any:
            for n in range(articles):
                language = LANGUAGES[n % len(LANGUAGES)]
                published = START + timedelta(minutes=n * (3 * 525_600 // articles))
                article_id = uuid.UUID(int=rng.getrandbits(128)).hex + uuid.UUID(int=n).hex
                yield (n, article_id, f"https://site{n % 200}.example/{n}", zipf_words(vocab[language], rng, 9),
                       published, published + timedelta(hours=1), n % 200, n % 12, language,
                       *(rng.randrange(len(pool[language])) for _ in range(5)))  # fmt: skip

        _copy(conn, "bench_staged", "n, id, url, title, published, stored, site, section, language, "
              "p1, p2, p3, p4, p5", staged_rows)  # fmt: skip
        _insert_articles(conn)
        loaded = time.perf_counter()
        conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, count) SELECT a.id, "
            f"{first_entity} + (abs(hashtext(a.id || k)) % {ENTITIES}), 1 FROM articles a, generate_series(1, 5) k "
            "ON CONFLICT DO NOTHING"
        )
        conn.execute(
            "INSERT INTO article_changes (txid, article_id, version, change, origin, changed_at) "
            "SELECT 1, id, 1, 'created', 'crawl', created_at FROM articles ORDER BY created_at, id"
        )
        conn.execute(
            "INSERT INTO article_versions (article_id, version, version_hash, stored_at, origin, url, title, "
            "description, body, authors, published_at, section, language, status, content_hash, changed) "
            "SELECT id, 1, content_hash, created_at, 'crawl', url, title, description, body, authors, "
            "published_at, section, language, status, content_hash, '[]' FROM articles ON CONFLICT DO NOTHING"
        )
        conn.execute("DROP TABLE bench_staged, bench_paragraphs")
        related = time.perf_counter()
        for definition in indexes:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE")
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
        sample = min(100.0, 50_000 / articles)  # percent of rows: ~500 articles
        same = conn.execute(
            "SELECT count(*) FILTER (WHERE strip(search_vector) = strip(v)), "
            "count(*) FILTER (WHERE search_vector = v), count(*) FROM (SELECT search_vector, "
            "newsflow_search_vector(language, title, description, body) AS v FROM articles "
            f"TABLESAMPLE BERNOULLI ({sample}) LIMIT 500) s"
        ).fetchone()
    done = time.perf_counter()
    print(f"sampled vectors: {same[0]}/{same[2]} same lexemes, {same[1]}/{same[2]} same positions")  # type: ignore[index]
    return {
        "load_articles_s": loaded - started,
        "links_feed_versions_s": related - loaded,
        "indexes_and_analyze_s": done - related,
        "db_bytes": float(size),
    }


def percentiles(samples: list[float]) -> str:
    ordered_samples = sorted(samples)
    p95 = ordered_samples[max(0, int(len(ordered_samples) * 0.95) - 1)]
    return (
        f"p50 {statistics.median(ordered_samples) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (n={len(samples)})"
    )


def timed(
    sessions: sessionmaker[Session], runs: int, work: Callable[[Session, random.Random], Any]
) -> list[float]:
    rng = random.Random(3)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            with session_scope(sessions) as session:
                work(session, rng)
        except OperationalError:  # statement_timeout: counted at the time it took to give up
            pass
        samples.append(time.perf_counter() - started)
    return samples


def reader_figures(sessions: sessionmaker[Session], articles: int, export: int) -> dict[str, str]:
    with session_scope(sessions) as session:
        seqs = session.execute(text("SELECT min(seq), max(seq) FROM article_changes")).one()
        ids = list(session.scalars(text("SELECT id FROM articles TABLESAMPLE SYSTEM (1) LIMIT 2000")))
        terms = [
            word
            for (word,) in session.execute(
                text("SELECT split_part(title, ' ', 3) FROM articles TABLESAMPLE SYSTEM (1) LIMIT 200")
            )
            if word
        ]

    def feed(session: Session, rng: random.Random) -> None:
        assert len(read_changes(session, (1, rng.randint(seqs[0], seqs[1] - 600)), 500)) == 500

    def by_id(session: Session, rng: random.Random) -> None:
        assert session.get(Article, rng.choice(ids)) is not None
        session.expunge_all()

    def search(order: str) -> Callable[[Session, random.Random], None]:
        def run(session: Session, rng: random.Random) -> None:
            query, rank = filtered(session, ArticleFilters(q=rng.choice(terms)), order)  # type: ignore[arg-type]
            if order == "relevance":  # as GET /v1/articles?order=relevance pages it
                ranked_page(session, query, rank, RelevancePosition(), 50)
            else:
                list(session.scalars(ordered(query, rank, order, "desc", None, 0).limit(50)))  # type: ignore[arg-type]

        return run

    def one_month_of(session: Session, rng: random.Random, **filter_by: str) -> None:
        since = START + timedelta(days=rng.randint(0, 1000))
        filters = ArticleFilters(since=since, until=since + timedelta(days=31), **filter_by)  # type: ignore[arg-type]
        query, rank = filtered(session, filters, "published")
        list(session.scalars(ordered(query, rank, "published", "desc", None, 0).limit(50)))

    def section_dates(session: Session, rng: random.Random) -> None:
        one_month_of(session, rng, section=f"Section {rng.randint(0, 11)}")

    def entity_dates(session: Session, rng: random.Random) -> None:
        one_month_of(session, rng, entity=f"Entity {rng.randint(0, ENTITIES - 1)}")

    figures: dict[str, str] = {}
    for label, runs, work in (
        ("feed page of 500", 100, feed),
        ("article by id", 300, by_id),
        ("entity + a month of dates", 50, entity_dates),
        ("section + a month of dates", 50, section_dates),
        ("search one term, newest first", 40, search("stored")),
        ("search one term, by relevance", 40, search("relevance")),
    ):
        figures[label] = percentiles(timed(sessions, runs, work))
        print(f"{label}: {figures[label]}", flush=True)
    with session_scope(sessions) as session:
        started = time.perf_counter()
        count = 0
        for _ in export_records(session, ArticleFilters()):
            count += 1
            if count >= export:
                break
        figures[f"export of {count}"] = f"{count / (time.perf_counter() - started):,.0f} articles/s"
    print(f"export of {count}: {figures[f'export of {count}']}", flush=True)
    return figures


def store_cost(url: str, count: int = 150) -> dict[str, str]:
    """CPU ms per stored article (this process: the store worker's side), with and without feed + versions,
    alternating article by article so that the machine's load affects both alike."""
    import newsflow_store.articles as store_articles
    from newsflow_store.articles import upsert_article

    from tests.unit.store.store_contract import enriched

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    rng = random.Random(11)
    words = vocabulary("en", rng)
    real = store_articles.record_store
    variants: dict[str, Any] = {
        "without feed+versions": lambda *a, **k: "created",
        "with feed+versions": real,
    }
    cpu = dict.fromkeys(variants, 0.0)
    wall = dict.fromkeys(variants, 0.0)
    try:
        for n in range(count):
            for label, replacement in variants.items():
                store_articles.record_store = replacement
                body = "\n\n".join(zipf_words(words, rng, 120) for _ in range(5))
                message = enriched(f"https://cost.example/{label[:3]}/{n}", crawl_id=None, body=body)
                started_cpu, started = time.process_time(), time.perf_counter()
                with session_scope(sessions) as session:
                    upsert_article(message, session=session)
                cpu[label] += time.process_time() - started_cpu
                wall[label] += time.perf_counter() - started
    finally:
        store_articles.record_store = real
        engine.dispose()
    return {
        f"store {label}": f"{cpu[label] * 1000 / count:.2f} CPU ms/article, {wall[label] * 1000 / count:.1f} wall ms"
        for label in variants
    }


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--export", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--skip-store-cost", action="store_true", help="skip the write-path measurement")
    parser.add_argument(
        "--reuse", metavar="DATABASE", help="measure a database loaded (and kept) by a past run"
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=20.0,
        help="seconds a query may take (then counted at the limit)",
    )
    args = parser.parse_args()
    admin = os.environ.get("NEWSFLOW_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = args.reuse or f"newsflow_reader_bench_{uuid.uuid4().hex[:8]}"
    url = admin.rsplit("/", 1)[0] + "/" + name
    if args.reuse:
        measure(url, args)
        return
    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        upgrade(url)
        print(f"database {name}, {args.articles:,} articles, {os.cpu_count()} CPUs", flush=True)
        for key, value in ({} if args.skip_store_cost else store_cost(url)).items():
            print(f"{key}: {value}", flush=True)
        loaded = load(admin, url, args.articles)
        for key, value in loaded.items():
            print(f"{key}: {value:,.1f}", flush=True)
        print(
            f"database size per million articles: {loaded['db_bytes'] / args.articles * 1e6 / 2**30:.2f} GiB"
        )
        measure(url, args)
    finally:
        if not args.keep:
            with psycopg.connect(_libpq(admin), autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def measure(url: str, args: argparse.Namespace) -> None:
    timeout_ms = int(args.query_timeout * 1000)
    engine = make_engine(url, connect_args={"options": f"-c statement_timeout={timeout_ms}"})
    reader_figures(make_sessionmaker(engine), args.articles, args.export)  # prints as it goes
    engine.dispose()


if __name__ == "__main__":
    main()
