"""The ``translations`` table as the enricher's shared translation cache: a translation already stored (same
provider, model, language pair, fields and texts: the same ``content_hash``) is reused instead of requested again.

Read-only: the store writes each translation with its article (``translations.content_hash``), so ``put`` does
nothing. Used by the enrich workers (one small connection pool per worker process, opened on the first lookup,
so a deployment without a translator never connects), ``newsflow crawl`` and ``newsflow reprocess``. A lookup
that fails (database down) is a cache miss for the enricher, never a failed article.
"""

from __future__ import annotations

import threading

from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.models import ArticleTranslation
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

_FIELDS = ("title", "body")


class StoredTranslations:
    """``SharedTranslationCache`` over the ``translations`` table (the index on ``content_hash`` serves it)."""

    def __init__(
        self, sessions: sessionmaker[Session] | None = None, *, database_url: str | None = None
    ) -> None:
        if (sessions is None) == (database_url is None):
            raise ValueError("StoredTranslations needs sessions or a database_url, not both")
        self._sessions = sessions
        self._database_url = database_url
        self._lock = threading.Lock()

    def _session_factory(self) -> sessionmaker[Session]:
        if self._sessions is None:
            with self._lock:
                if self._sessions is None:
                    assert self._database_url is not None
                    engine = make_engine(self._database_url, pool_size=1, max_overflow=1)
                    self._sessions = make_sessionmaker(engine)
        return self._sessions

    def get(self, key: str, fields: tuple[str, ...]) -> list[str] | None:
        """The stored translations of ``fields`` under ``key``, in order; None when none is stored."""
        if any(field not in _FIELDS for field in fields):
            return None
        statement = (
            select(ArticleTranslation.title, ArticleTranslation.body)
            .where(ArticleTranslation.content_hash == key)
            .order_by(ArticleTranslation.created_at.desc(), ArticleTranslation.id.desc())
            .limit(1)
        )
        with session_scope(self._session_factory()) as session:
            row = session.execute(statement).first()
        if row is None:
            return None
        by_field = {"title": row.title, "body": row.body}
        # An empty text is stored as null (there was nothing to translate): it reads back as "".
        return [by_field[field] or "" for field in fields]

    def put(self, key: str, fields: tuple[str, ...], translations: list[str]) -> None:
        """Nothing to do: the store writes the translation together with its article."""
