"""The ingest stage: what one fetch message does (``page.ingest``: fetch, then parse or discover) and the
bookkeeping around it (``step``: known-URL skip, deferral, fetch outcome, admitting children with a booked
host slot, counters).

The top of the service: may import every other room of ``newsflow_ingest``, ``newsflow_shared`` and
``newsflow_crawl``. ``newsflow_ingest.tasks`` (Celery) and the embedded runner are its two transports.
"""
