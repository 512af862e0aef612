"""``newsflow reprocess``: re-parse and re-enrich stored articles from their raw captures, without fetching
(e.g. after a parser improvement). Select by crawl, host, stored language and capture date."""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from typing import Any

from newsflow_ingest.captures.s3_store import CaptureStoreUnavailable
from newsflow_ingest.captures.warc import read_capture
from newsflow_shared.config import Settings
from newsflow_shared.db import session_scope
from newsflow_shared.models import Article
from sqlalchemy import select

from newsflow.capture_pipeline import CapturePipeline


def reprocess(
    settings: Settings,
    *,
    crawl_id: str | None = None,
    host: str | None = None,
    since: date | None = None,
    until: date | None = None,
    language: str | None = None,
    enrich: bool = True,
) -> CapturePipeline:
    """Re-parse every selected article that has a capture; returns the pipeline with its counts.

    ``host`` matches the article URL's host (``news.example`` also matches ``www.news.example``);
    ``since``/``until`` are inclusive days of ``fetched_at`` (when the capture was made), UTC; ``language`` is a
    BCP-47 code ("ar", "ar-EG", "ckb"), folded as stored ("ar", "ku") and matched against the language the
    article was stored with. ``ValueError`` for a language that is not a code.
    """
    wanted_language = _language_code(language) if language is not None else None
    pipeline = CapturePipeline(settings, enrich=enrich, origin="reprocess")
    statement = select(Article.id, Article.capture, Article.crawl_id, Article.url).where(
        Article.capture.is_not(None)
    )
    if crawl_id:
        statement = statement.where(Article.crawl_id == crawl_id)
    if wanted_language:
        statement = statement.where(Article.language == wanted_language)
    if since:
        statement = statement.where(Article.fetched_at >= datetime.combine(since, time.min))
    if until:
        statement = statement.where(
            Article.fetched_at < datetime.combine(until + timedelta(days=1), time.min)
        )
    with session_scope(pipeline.sessions) as session:
        rows: list[Any] = list(session.execute(statement.order_by(Article.fetched_at, Article.id)))
    for _id, location, crawl, url in rows:
        if host and not _on_host(url, host):
            continue
        try:
            capture = read_capture(location, settings)
        except (OSError, ValueError) as exc:
            print(f"newsflow reprocess: {location}: {exc}", file=sys.stderr)
            pipeline.counts.failed += 1
            if isinstance(exc, CaptureStoreUnavailable):
                break  # every other capture in the store would fail the same way
            continue
        pipeline.process(capture, location, crawl_id=crawl)
    return pipeline


def _language_code(value: str) -> str:
    from newsflow_enrich.language.codes import normalize_language_code

    code = normalize_language_code(value)
    if code is None:
        raise ValueError(f"{value!r} is not a BCP-47 language code (e.g. ar, en, fa, ku)")
    return code


def _on_host(url: str, host: str) -> bool:
    from newsflow_ingest.urls import host_of

    found, wanted = host_of(url), host.lower().strip(".")
    return found == wanted or found.endswith("." + wanted)
