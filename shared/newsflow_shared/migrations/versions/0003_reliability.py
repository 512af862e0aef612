"""Reliability and API security (issue 6): the ``outbox`` of the task API, hashed ``api_tokens``, and on
PostgreSQL the read-only role ``newsflow_reader`` for downstream readers.

Additive only (read contract version 1 stays). ``newsflow_reader`` is a NOLOGIN group role: it may connect,
use schema ``public`` and SELECT the documented public tables, nothing else (not ``outbox``, not
``api_tokens``); a reader logs in with a role of its own that is a member (docs/schema.md). Roles belong to the
server, not the database, so the role is created only if missing and never dropped by a downgrade.

Revision ID: 0003_reliability
Revises: 0002_enrichment
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_reliability"
down_revision: str | None = "0002_enrichment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER_ROLE = "newsflow_reader"
# The read contract (docs/schema.md). A later revision adding a public table grants it too.
PUBLIC_TABLES = (
    "crawls", "articles", "article_urls", "entities", "article_entities", "translations", "failures",
)  # fmt: skip


def _timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    if nullable:
        return sa.Column(name, sa.DateTime(timezone=True), nullable=True)
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("crawl_id", sa.String(length=36), nullable=True),
        sa.Column("task_name", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_crawl_id"), "outbox", ["crawl_id"])
    op.create_index(op.f("ix_outbox_sent_at"), "outbox", ["sent_at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        _timestamp("revoked_at", nullable=True),
        _timestamp("last_used_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_api_tokens_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_reader_role()


def create_role_statement(role: str) -> str:
    """CREATE ROLE unless it exists, safe against a concurrent migration of another database of the cluster
    (roles are cluster-wide): the loser of that race waits on the role name's unique index, then fails with
    ``unique_violation`` — caught here, since the role it wanted now exists."""
    return (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {role} NOLOGIN; END IF; "
        "EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; END $$"
    )


def _create_reader_role() -> None:
    op.execute(create_role_statement(READER_ROLE))
    op.execute(
        f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {READER_ROLE}', current_database()); END $$"
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {READER_ROLE}")
    op.execute(f"GRANT SELECT ON {', '.join(PUBLIC_TABLES)} TO {READER_ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"REVOKE SELECT ON {', '.join(PUBLIC_TABLES)} FROM {READER_ROLE}")
    op.drop_table("api_tokens")
    op.drop_index(op.f("ix_outbox_sent_at"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_crawl_id"), table_name="outbox")
    op.drop_table("outbox")
