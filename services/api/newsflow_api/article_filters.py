"""The query parameters that select articles, shared by ``GET /v1/articles`` and ``GET /v1/export``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Query
from newsflow_shared.article_query import ArticleFilters


@dataclass
class ArticleFilterParams:
    """FastAPI reads these from the query string (``Depends()``)."""

    q: str | None = Query(
        None, max_length=500, description='Full text (web-search syntax: words, "phrases", -not, or).'
    )
    since: Annotated[datetime | None, Query(description="Published at or after (ISO 8601).")] = None
    until: Annotated[datetime | None, Query(description="Published before (ISO 8601).")] = None
    stored_since: Annotated[datetime | None, Query(description="First stored at or after.")] = None
    stored_until: Annotated[datetime | None, Query(description="First stored before.")] = None
    site: Annotated[
        str | None, Query(max_length=500, description="Publication name (site_name), exactly.")
    ] = None
    section: Annotated[str | None, Query(max_length=500, description="Section, exactly.")] = None
    entity: str | None = Query(
        None, max_length=300, description="An entity id, or an entity name (any type)."
    )
    language: Annotated[str | None, Query(max_length=35, description="Detected language (ISO 639-1).")] = None
    crawl_id: Annotated[
        str | None, Query(max_length=36, description="The crawl that last stored the article.")
    ] = None

    def to_filters(self) -> ArticleFilters:
        return ArticleFilters(
            q=self.q or None,
            since=self.since,
            until=self.until,
            stored_since=self.stored_since,
            stored_until=self.stored_until,
            site=self.site,
            section=self.section,
            entity=self.entity or None,
            language=self.language,
            crawl_id=self.crawl_id,
        )
