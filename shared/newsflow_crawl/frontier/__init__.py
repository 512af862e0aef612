"""The crawl frontier: admitting URLs into a crawl, and the per-host queues they wait in until their host is due.

- ``admission``: claiming a URL in its crawl (``admit`` for a few, ``admit_batches`` for a fan-out of thousands,
  in batches), and the seeds' first tasks;
- ``host_queues``: the per-host frontier's contract and its in-memory implementation (the embedded runner);
- ``redis_frontier``: the same frontier in Redis (a deployment; Lua scripts, so every worker sees one schedule);
- ``release``: moving due URLs out of the frontier into the ingest queue, under backpressure
  (``backpressure``), by any worker: after each fetch and from a small thread in every ingest worker.

Why: a URL that must wait for its host waits here, in Redis, keyed by host and due time — never as a Celery
message with a countdown held by a worker (see docs/crawling.md, "The frontier").

May import ``newsflow_shared``, ``newsflow_ops`` and ``newsflow_crawl.state``.
"""

from newsflow_crawl.frontier.admission import SEED_ROLES, admit, admit_batches, seed_tasks
from newsflow_crawl.frontier.host_queues import FrontierEntry, HostFrontier, Leased, MemoryFrontier
from newsflow_crawl.frontier.redis_frontier import RedisFrontier

__all__ = [
    "SEED_ROLES",
    "FrontierEntry",
    "HostFrontier",
    "Leased",
    "MemoryFrontier",
    "RedisFrontier",
    "admit",
    "admit_batches",
    "seed_tasks",
]
