"""``newsflow import-warc FILE…``: ingest existing WARC files (e.g. a Common Crawl News file) through the same
parse → enrich → store pipeline as a crawl; each stored article records its WARC location as its capture."""

from __future__ import annotations

import sys
from pathlib import Path

from newsflow_ingest.captures.s3_store import is_s3_url
from newsflow_ingest.captures.warc import iter_responses
from newsflow_shared.config import Settings

from newsflow.capture_pipeline import CapturePipeline


def import_warcs(settings: Settings, paths: list[str], *, enrich: bool = True) -> CapturePipeline:
    """Process every HTML response record of ``paths`` (local files or ``s3://bucket/key`` objects of the
    configured S3-compatible store); an unreadable file is reported and skipped."""
    pipeline = CapturePipeline(settings, enrich=enrich)
    for path in paths:
        source: str | Path = path if is_s3_url(path) else Path(path).resolve()
        try:
            for location, capture in iter_responses(source, settings):
                pipeline.process(capture, location)
        except (OSError, ValueError) as exc:  # store errors (CaptureStoreError) are OSErrors
            print(f"newsflow import-warc: {path}: {exc}", file=sys.stderr)
            pipeline.counts.failed += 1
    return pipeline
