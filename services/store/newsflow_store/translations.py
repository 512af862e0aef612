"""Translations of an article: one row per (article, target language, provider), rewritten when redone.

Each row keeps what made it (provider, model, language pair, time) and its ``content_hash``, the translation
cache key, so ``StoredTranslations`` finds a translation already paid for by that hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsflow_shared.db import session_scope
from newsflow_shared.messages import Translation
from newsflow_shared.models import ArticleTranslation
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from newsflow_store.column_values import clean_text, parse_timestamp
from newsflow_store.upsert import insert_for

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


def find_translation(content_hash: str, session: Session) -> ArticleTranslation | None:
    """The most recent stored translation made under ``content_hash``, or None."""
    statement = (
        select(ArticleTranslation)
        .where(ArticleTranslation.content_hash == content_hash)
        .order_by(ArticleTranslation.created_at.desc(), ArticleTranslation.id.desc())
        .limit(1)
    )
    return session.execute(statement).scalar_one_or_none()


class StoredTranslations:
    """The ``translations`` table as the enricher's shared translation cache (``SharedTranslationCache``).

    ``get`` finds a stored translation by content hash; the hash covers provider, language pair, field names and
    texts, so the row's title and body are the translations of exactly those fields. ``put`` does nothing: the
    translation is written with its article by ``upsert_article``, in the same transaction.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, key: str, fields: tuple[str, ...]) -> list[str] | None:
        """The stored translations of ``fields`` under ``key``, in order; None when none is stored."""
        with session_scope(self._sessions) as session:
            row = find_translation(key, session)
            if row is None:
                return None
            by_field = {"title": row.title, "body": row.body}
            if any(field not in by_field for field in fields):
                return None
            # An empty text is stored as null (nothing was translated): it reads back as "".
            return [by_field[field] or "" for field in fields]

    def put(self, key: str, fields: tuple[str, ...], translations: list[str]) -> None:
        """Nothing to do: the store writes the translation together with its article."""
