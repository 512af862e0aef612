"""Translations of an article: one row per (article, target language, provider), rewritten when redone.

Each row keeps what made it (provider, model, language pair, time) and its ``content_hash``, the translation
cache key: the enricher finds a translation already paid for by that hash
(``newsflow_enrich.translation.stored``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsflow_shared.column_values import clean_text, parse_timestamp
from newsflow_shared.messages import Translation
from newsflow_shared.models import ArticleTranslation
from newsflow_shared.upsert import insert_for
from sqlalchemy.orm import Session

_REWRITTEN = ("source_language", "title", "body", "created_at", "model", "content_hash")
_HASH_LENGTH = 64


def upsert_translations(article_id: str, translations: Sequence[Translation], *, session: Session) -> int:
    """Insert or update the article's translations; others (other providers or targets) are kept."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for translation in translations:
        target = clean_text(translation.target_language, 35) or ""
        provider = clean_text(translation.provider, 64) or ""
        # The last translation of a (target, provider) wins: a multi-row upsert may not touch a row twice.
        rows[(target, provider)] = {
            "article_id": article_id,
            "provider": provider,
            "source_language": clean_text(translation.source_language, 35) or "",
            "target_language": target,
            "title": clean_text(translation.title),
            "body": clean_text(translation.body),
            "created_at": parse_timestamp(translation.created_at) or datetime.now(UTC),
            "model": clean_text(translation.model, 200),
            "content_hash": _valid_hash(translation.content_hash),
        }
    if not rows:
        return 0
    statement = insert_for(session, ArticleTranslation).values([rows[key] for key in sorted(rows)])
    statement = statement.on_conflict_do_update(
        index_elements=[
            ArticleTranslation.article_id,
            ArticleTranslation.target_language,
            ArticleTranslation.provider,
        ],
        set_={column: statement.excluded[column] for column in _REWRITTEN},
    )
    session.execute(statement)
    return len(rows)


def _valid_hash(value: str | None) -> str | None:
    """A SHA-256 hex digest as stored, or None: anything else would never be looked up by."""
    if value is None:
        return None
    value = value.strip().lower()
    if len(value) != _HASH_LENGTH or any(char not in "0123456789abcdef" for char in value):
        return None
    return value
