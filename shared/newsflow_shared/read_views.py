"""The versioned read contract and full-text search objects, as SQL (created by revision ``0007_change_feed``).

Readers query ``newsflow_v1.<view>`` (PostgreSQL) or ``newsflow_v1_<view>`` (SQLite) instead of the tables, so
tables may change underneath: a view's columns, their names, types and meaning only ever grow within v1
(docs/schema.md, "Versioned read contract"). The column lists are spelled out, never ``*``, so a column added to
a table does not appear in (or break) a view by accident. A revision that must change a view in a breaking
way creates ``newsflow_v2`` beside it instead.

Search: ``articles.search_vector`` (PostgreSQL only, a stored generated column outside ``models.py``) holds
``newsflow_search_vector(language, title, description, body)``, the per-language tsvector (the
configuration of :data:`newsflow_shared.search_text.POSTGRES_CONFIGS` the server has, else ``simple``) of the
Arabic-folded text, indexed by ``ix_articles_search`` (GIN); ``newsflow_search_query(q, language)`` parses a
web-style query (``websearch_to_tsquery``) in the language's configuration, or in every configuration OR-ed
when no language is given. SQLite: an FTS5 table ``article_search`` the store keeps in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text

from newsflow_shared.search_text import POSTGRES_CONFIGS, normalize, search_rowid, sql_translate_arguments

READER_ROLE = "newsflow_reader"
# Every character newsflow_normalize folds or removes lies in U+0621–U+0671.
ARABIC_RANGE = "\u0621-\u0671"
V1_SCHEMA = "newsflow_v1"

ARTICLE_COLUMNS = (
    "id, canonical_url, url, crawl_id, title, authors, published_at, modified_at, section, dateline, "
    "description, body, images, site_name, html_lang, language, language_confidence, declared_language, "
    "html_lang_agrees, mixed_language, language_shares, extras, provenance, status, content_hash, fetched_at, "
    "created_at, updated_at, cluster_id, blocks, tags, organisation, version"
)
CHANGE_COLUMNS = "seq, txid, article_id, version, change, origin, crawl_id, changed_at"
VERSION_COLUMNS = (
    "article_id, version, version_hash, stored_at, origin, crawl_id, url, title, description, body, authors, "
    "published_at, modified_at, section, language, status, content_hash, changed"
)
# View name → SELECT (the same on both databases except ``changes``).
_PLAIN_VIEWS = {
    "articles": f"SELECT {ARTICLE_COLUMNS} FROM articles",
    "versions": f"SELECT {VERSION_COLUMNS} FROM article_versions",
    "article_urls": "SELECT url, article_id, first_seen_at FROM article_urls",
    "entities": "SELECT id, name, type, aliases, article_count, created_at FROM entities",
    "article_entities": (
        "SELECT article_id, entity_id, count, mentions, salience, first_position, in_title, provenance "
        "FROM article_entities"
    ),
    "translations": (
        "SELECT article_id, provider, source_language, target_language, title, body, model, created_at "
        "FROM translations"
    ),
}
# Only rows of transactions that can no longer commit out of order: below the oldest running transaction.
POSTGRES_VISIBLE_CHANGES = (
    f"SELECT {CHANGE_COLUMNS} FROM article_changes "
    "WHERE txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
)
VIEW_NAMES = (*_PLAIN_VIEWS, "changes")


def _execute(connection: Any, *statements: str) -> None:
    for statement in statements:
        connection.execute(text(statement))


def create_postgres_search(connection: Any) -> None:
    """The folding and search functions and the GIN index (PostgreSQL)."""
    source, target = sql_translate_arguments()
    available = {row[0] for row in connection.execute(text("SELECT cfgname FROM pg_ts_config"))}
    cases = " ".join(
        f"WHEN '{code}' THEN 'pg_catalog.{name}'::regconfig"
        for code, name in sorted(POSTGRES_CONFIGS.items())
        if name in available
    )
    configs = sorted({name for name in POSTGRES_CONFIGS.values() if name in available})
    every_config = ", ".join(f"'pg_catalog.{name}'" for name in ["simple", *configs])
    # Without a language, the query parsed in every configuration, OR-ed, each distinct reading once (most words
    # read the same in most configurations): the fewer alternatives, the better the planner's estimate.
    any_language = (
        "(SELECT coalesce(string_agg(DISTINCT '(' || t::text || ')', ' | ')::tsquery, ''::tsquery) "
        f"FROM unnest(ARRAY[{every_config}]::regconfig[]) AS c, "
        "websearch_to_tsquery(c, newsflow_normalize(q)) AS t WHERE numnode(t) > 0)"
    )
    _execute(
        connection,
        # translate() is slow on multibyte text (~1 ms per 3 kB): skip it for text without Arabic letters.
        "CREATE OR REPLACE FUNCTION newsflow_normalize(t text) RETURNS text LANGUAGE sql IMMUTABLE "
        f"PARALLEL SAFE AS $$ SELECT CASE WHEN t ~ '[{ARABIC_RANGE}]' THEN translate(t, '{source}', '{target}') "
        "ELSE t END $$",
        "CREATE OR REPLACE FUNCTION newsflow_ts_config(language text) RETURNS regconfig LANGUAGE sql "
        f"IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE split_part(lower(language), '-', 1) {cases} "
        "ELSE 'pg_catalog.simple'::regconfig END $$",
        # Computed once per write into the stored column articles.search_vector (below); PL/pgSQL with a high COST
        # so that a query calling it directly is planned as the expensive call it is.
        "CREATE OR REPLACE FUNCTION newsflow_search_vector(language text, title text, description text, "
        "body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 5000 "
        # pg_restore fills the stored column with an empty search_path: the helpers it calls are found
        # through the search_path of the migration that created it.
        "SET search_path FROM CURRENT AS $$ BEGIN RETURN "
        "setweight(to_tsvector(newsflow_ts_config(language), newsflow_normalize(coalesce(title, ''))), 'A') "
        "|| setweight(to_tsvector(newsflow_ts_config(language), "
        "newsflow_normalize(coalesce(description, ''))), 'B') "
        "|| to_tsvector(newsflow_ts_config(language), newsflow_normalize(coalesce(body, ''))); END $$",
        "CREATE OR REPLACE FUNCTION newsflow_search_query(q text, language text) RETURNS tsquery "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN language IS NOT NULL THEN "
        "websearch_to_tsquery(newsflow_ts_config(language), newsflow_normalize(q)) "
        f"ELSE {any_language} END $$",
        # Stored, not an expression index: filtering a row or ranking it then reads its vector instead of
        # recomputing it from the body (~8 ms for 3.5 kB), whichever plan the planner picks.
        "ALTER TABLE articles ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (newsflow_search_vector(language, title, description, body)) STORED",
        "CREATE INDEX ix_articles_search ON articles USING gin (search_vector)",
    )


def create_postgres_views(connection: Any) -> None:
    """Schema ``newsflow_v1``: the views and ``articles_as_of(timestamp)``, readable by ``newsflow_reader``."""
    statements = [f"CREATE SCHEMA IF NOT EXISTS {V1_SCHEMA}"]
    statements += [
        f"CREATE OR REPLACE VIEW {V1_SCHEMA}.{name} AS {select}" for name, select in _PLAIN_VIEWS.items()
    ]
    statements.append(f"CREATE OR REPLACE VIEW {V1_SCHEMA}.changes AS {POSTGRES_VISIBLE_CHANGES}")
    statements.append(
        f"CREATE OR REPLACE FUNCTION {V1_SCHEMA}.articles_as_of(at timestamptz) "
        f"RETURNS SETOF {V1_SCHEMA}.versions LANGUAGE sql STABLE AS $$ "
        f"SELECT DISTINCT ON (article_id) * FROM {V1_SCHEMA}.versions WHERE stored_at <= at "
        "ORDER BY article_id, version DESC $$"
    )
    _execute(connection, *statements)
    grants = (
        f"GRANT USAGE ON SCHEMA {V1_SCHEMA} TO {READER_ROLE}; "
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {V1_SCHEMA} TO {READER_ROLE}; "
        f"GRANT EXECUTE ON FUNCTION {V1_SCHEMA}.articles_as_of(timestamptz) TO {READER_ROLE}; "
        f"GRANT SELECT ON article_changes, article_versions TO {READER_ROLE};"
    )
    _execute(
        connection,
        f"DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN {grants} "
        "END IF; END $$",
    )


def drop_postgres_objects(connection: Any) -> None:
    _execute(
        connection,
        f"DROP SCHEMA IF EXISTS {V1_SCHEMA} CASCADE",
        "DROP INDEX IF EXISTS ix_articles_search",
        "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
        "DROP FUNCTION IF EXISTS newsflow_search_query(text, text)",
        "DROP FUNCTION IF EXISTS newsflow_search_vector(text, text, text, text)",
        "DROP FUNCTION IF EXISTS newsflow_ts_config(text)",
        "DROP FUNCTION IF EXISTS newsflow_normalize(text)",
    )


def create_sqlite_search(connection: Any) -> None:
    """The FTS5 table (its text folded by ``search_text.normalize``), filled from the stored articles."""
    _execute(
        connection,
        "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
        "article_id UNINDEXED, title, description, body, tokenize = 'unicode61 remove_diacritics 2')",
    )
    rows = connection.execute(text("SELECT id, title, description, body FROM articles")).all()
    for article_id, title, description, body in rows:
        connection.execute(
            text(
                "INSERT INTO article_search (rowid, article_id, title, description, body) "
                "VALUES (:r, :i, :t, :d, :b)"
            ),
            {
                "r": search_rowid(article_id),
                "i": article_id,
                "t": normalize(title or ""),
                "d": normalize(description or ""),
                "b": normalize(body or ""),
            },
        )


def create_sqlite_views(connection: Any) -> None:
    """The v1 views as ``newsflow_v1_<view>`` (SQLite has no schemas inside one database file)."""
    statements = [
        f"CREATE VIEW IF NOT EXISTS {V1_SCHEMA}_{name} AS {select}" for name, select in _PLAIN_VIEWS.items()
    ]
    # One writer at a time: every committed row is already in commit order (docs/schema.md).
    statements.append(
        f"CREATE VIEW IF NOT EXISTS {V1_SCHEMA}_changes AS SELECT {CHANGE_COLUMNS} FROM article_changes"
    )
    _execute(connection, *statements)


@contextmanager
def sqlite_views_set_aside(connection: Any) -> Iterator[None]:
    """Drop the v1 views around a batch migration on SQLite, then create them again.

    Alembic's batch mode rebuilds a SQLite table and renames the copy into place, and SQLite re-checks every view
    on that rename: a view over the table then fails with "no such table". PostgreSQL alters in place: a no-op.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    _execute(connection, *(f"DROP VIEW IF EXISTS {V1_SCHEMA}_{name}" for name in VIEW_NAMES))
    yield
    create_sqlite_views(connection)


def drop_sqlite_objects(connection: Any) -> None:
    _execute(connection, *(f"DROP VIEW IF EXISTS {V1_SCHEMA}_{name}" for name in VIEW_NAMES))
    _execute(connection, "DROP TABLE IF EXISTS article_search")
