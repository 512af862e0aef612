"""Parse, enrich and store captured responses without fetching: what ``newsflow reprocess`` and ``newsflow
import-warc`` share. The same functions as a crawl (``parse_article``, ``Enricher``, ``upsert_article``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsflow_ingest.captures.warc import Capture
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.fetching.charset import decode_html
from newsflow_ingest.fetching.fetcher import is_markup, media_type
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import EnrichedArticle
from newsflow_shared.migrate import upgrade
from newsflow_store.articles import upsert_article
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass
class PipelineCounts:
    seen: int = 0
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    stored_ids: list[str] = field(default_factory=list)


class CapturePipeline:
    """Turns captured HTML responses into stored articles in ``settings.database_url`` (migrated first)."""

    def __init__(self, settings: Settings, *, enrich: bool = True, origin: str = "import") -> None:
        self.settings = settings
        self.origin = origin  # recorded with each version and change feed entry
        upgrade(settings.database_url)
        self._sessions = make_sessionmaker(make_engine(settings.database_url))
        self._enricher = None
        if enrich:
            from newsflow_enrich.enricher import Enricher
            from newsflow_enrich.translation.stored import StoredTranslations

            # A stored article re-enriched with unchanged text reuses its stored translation (by content hash).
            self._enricher = Enricher(settings, shared_cache=StoredTranslations(self._sessions))
        self.counts = PipelineCounts()

    def process(self, capture: Capture, location: str, *, crawl_id: str | None = None) -> str | None:
        """Store the article of one captured response; its id, or None when it is not a stored article."""
        self.counts.seen += 1
        kind = media_type(capture.content_type)
        if capture.status != 200 or not is_markup(capture.content_type) or (kind and kind not in _HTML_TYPES):
            self.counts.skipped += 1
            return None
        try:
            html, _ = decode_html(capture.content, capture.content_type)
            fetched = _parse_date(capture.fetched_at)
            parsed = parse_article(html, capture.url, fetched_at=fetched)
        except Exception as exc:  # one bad record must not stop a file of thousands
            log.warning("%s: unparseable (%s)", location, exc)
            self.counts.failed += 1
            return None
        if parsed.status != "article":
            self.counts.skipped += 1
            return None
        parsed.capture = location
        parsed.crawl_id = crawl_id
        parsed.http_status = capture.status
        enriched = (
            self._enricher.enrich(parsed) if self._enricher is not None else EnrichedArticle(article=parsed)
        )
        with session_scope(self._sessions) as session:
            result = upsert_article(
                enriched,
                session=session,
                near_duplicate_similarity=self.settings.near_duplicate_similarity,
                origin=self.origin,
            )
        if result.duplicate_of is not None:
            self.counts.duplicates += 1
        else:
            self.counts.stored += 1
            self.counts.stored_ids.append(result.article_id)
        return result.article_id

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions


def _parse_date(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(UTC)
