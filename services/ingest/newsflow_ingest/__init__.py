"""newsflow_ingest: the ingest stage — fetch a crawl's URLs politely, then parse articles or discover more URLs.

Rooms: ``fetching`` (HTTP, robots.txt, host throttle), ``discovery`` (links, feeds, sitemaps, scope),
``extraction`` (+ ``profiles``: one HTML page → a ParsedArticle), ``captures`` (WARC), ``stage`` (one fetch
message: ``page.ingest`` and its bookkeeping ``step``); ``urls`` (host/origin helpers every room uses) and
``tasks`` (the Celery adapter). May import ``newsflow_shared`` and ``newsflow_crawl``; never another service.
"""
