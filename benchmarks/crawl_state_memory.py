"""Redis memory one crawled page leaves behind in its crawl's state (``newsflow:crawl:<id>:*``).

Sizes Redis' ``maxmemory`` (docs/operations.md, "Redis memory"): a finished crawl's keys stay until their TTL
(14 days) or ``newsflow prune``, so Redis must hold every page crawled in that window. The script writes the
state a crawl of N article pages leaves — through :class:`RedisLedger`, the calls the stages make for each page
(claim, pending, queued, the fetch message, the fetch outcome, the counters, resolve) — and sums ``MEMORY USAGE``
of the crawl's keys.

    python benchmarks/crawl_state_memory.py --redis redis://127.0.0.1:6379/15 --pages 5000

It writes to the database named in the URL and deletes the crawl's keys afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shared"))

from newsflow_crawl.state import FetchOutcome, RedisLedger, fetch_key
from newsflow_shared.messages import FetchTask


def crawl_state_bytes(client: redis.Redis, pages: int) -> tuple[int, int]:
    """(bytes, keys) of the state a finished crawl of ``pages`` article pages leaves in Redis."""
    ledger = RedisLedger(client)
    crawl_id = str(uuid.uuid4())
    for n in range(pages):
        url = f"https://www.example-news.com/2026/12/03/section/a-typical-article-slug-of-some-length-{n}/"
        task = FetchTask(crawl_id=crawl_id, url=url, depth=1, mode="site", max_pages=pages * 2)
        ledger.claim_url(crawl_id, url, pages * 2)
        ledger.add_pending(crawl_id, fetch_key(url))
        ledger.remember_task(crawl_id, url, task.model_dump_json())
        ledger.mark_queued(crawl_id, url)
        ledger.count(crawl_id, "discovered", url)
        ledger.record_fetch(
            crawl_id,
            FetchOutcome(url=url, host="www.example-news.com", status=200, reason="ok", bytes=48_000),
        )
        ledger.count(crawl_id, "fetched", url)
        ledger.count(crawl_id, "articles", uuid.uuid4().hex * 2)
        ledger.count(crawl_id, "stored", uuid.uuid4().hex * 2)
        ledger.resolve(crawl_id, fetch_key(url))
    ledger.set_status(crawl_id, "done")
    keys = list(client.scan_iter(match=f"newsflow:crawl:{crawl_id}:*", count=1000))
    total = sum(int(client.memory_usage(key, samples=0) or 0) for key in keys)  # type: ignore[arg-type]
    client.delete(*keys)
    client.hdel("newsflow:crawls:active", crawl_id)
    return total, len(keys)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    rows = []
    for pages in args.pages:
        total, keys = crawl_state_bytes(client, pages)
        rows.append({"pages": pages, "bytes": total, "keys": keys, "bytes_per_page": round(total / pages)})
    print(json.dumps({"redis": client.info("server")["redis_version"], "results": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
