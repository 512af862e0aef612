"""Discovery: the URLs a fetched page leads to — links of HTML pages, feed entries, sitemap entries, archive
pagination — and which of them a crawl may follow (canonical spelling, scope, date range).

Pure functions over bytes and strings: may import ``newsflow_shared`` and ``newsflow_ingest.urls`` (no network,
no Redis).
"""
