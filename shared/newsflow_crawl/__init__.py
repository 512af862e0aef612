"""A crawl's state, lifecycle and the driver every stage runs under — shared by the services, owned by none.

- ``state``: the crawl ledger (seen set, in-flight keys, counters, cancel, completion) in Redis or in memory;
- ``frontier``: admitting URLs into a crawl; ``lifecycle``: create, start, cancel, finish, schedule a crawl;
- ``delivery``: the stage driver (retry, backoff, dead letter, finish detection) over a small transport;
- ``reconcile``: work the broker lost, found and published again.

May import ``newsflow_shared`` only; the services and the CLI import it, never the other way round.
"""
