"""Kept for ``tests/integration/test_capture_s3.py``, which imports ``fetched`` from here: the capture tests
moved to ``tests/unit/ingest/captures/test_warc.py``. Remove this module once that import names the new place."""

from __future__ import annotations

from tests.unit.ingest.captures.test_warc import fetched

__all__ = ["fetched"]
