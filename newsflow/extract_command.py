"""``newsflow extract``: the article record of URLs or local HTML files, one JSON object per line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import requests
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.fetching.charset import decode_html
from newsflow_ingest.fetching.fetcher import Fetcher
from newsflow_ingest.fetching.robots import RobotsPolicy
from newsflow_ingest.fetching.throttle import MemoryHostThrottle
from newsflow_shared.config import Settings
from newsflow_shared.errors import NewsflowError
from newsflow_shared.messages import EnrichedArticle, ParsedArticle


def _load(source: str, fetcher: Fetcher | None, base_url: str | None) -> tuple[str, str]:
    """(html, url) of a source: fetched when it is an http(s) URL, read from disk otherwise."""
    if source.startswith(("http://", "https://")):
        assert fetcher is not None
        result = fetcher.fetch(source)
        return result.text or "", source
    path = Path(source)
    text, _encoding = decode_html(path.read_bytes(), None)
    return text, base_url or path.resolve().as_uri()


def extract_sources(sources: list[str], settings: Settings, *, enrich: bool, base_url: str | None) -> int:
    """Print one record per source; a source that fails is reported on stderr and the others go on."""
    fetcher = None
    if any(s.startswith(("http://", "https://")) for s in sources):
        throttle = MemoryHostThrottle()
        robots = RobotsPolicy(settings, requests.Session(), throttle=throttle)
        fetcher = Fetcher(settings, robots=robots, throttle=throttle)
    enricher = None
    if enrich:
        from newsflow_enrich.enricher import Enricher

        enricher = Enricher(settings)
    failed = 0
    for source in sources:
        try:
            html, url = _load(source, fetcher, base_url)
            article: ParsedArticle = parse_article(html, url)
        except (NewsflowError, OSError) as exc:
            print(f"newsflow extract: {source}: {exc}", file=sys.stderr)
            failed += 1
            continue
        if enricher is not None:
            record = enricher.enrich(article).to_record()
        else:
            record = EnrichedArticle(article=article).to_record()
            for key in ("language", "language_confidence", "entities", "translations"):
                record.pop(key, None)
        print(json.dumps(record, ensure_ascii=False))
    return 1 if failed else 0
