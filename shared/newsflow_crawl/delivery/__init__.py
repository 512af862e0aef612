"""Delivery: the policy every stage's message runs under, written once — transient errors retried with capped,
jittered backoff, permanent ones and exhausted retries dead-lettered, the in-flight key resolved and the crawl's
finish published — and the transports it runs on (Celery, or the embedded runner's in-process queue).

May import ``newsflow_shared`` and ``newsflow_crawl.state``.
"""
