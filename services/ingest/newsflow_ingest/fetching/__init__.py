"""Fetching, politely and safely: the fetcher (timeouts, size caps, redirects re-checked), its SSRF guard and
pinned connections, charset sniffing, conditional-GET validators, robots.txt (RFC 9309) and the per-host throttle
shared by all workers (gap, concurrency cap, pauses).

May import ``newsflow_shared`` and ``newsflow_ingest.urls``; never discovery, extraction or the stage above it.
"""
