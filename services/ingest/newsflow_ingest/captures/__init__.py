"""Captures: every fetched response kept as WARC records (``warc``), in a directory or an S3-compatible store
(``s3_store``), so pages can be re-parsed later (``newsflow reprocess``, ``newsflow import-warc``).

May import ``newsflow_shared`` and ``newsflow_ingest.fetching`` (the responses it writes).
"""
