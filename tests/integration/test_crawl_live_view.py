"""``newsflow crawl``'s live operator view against what the servers saw: an embedded crawl of a local multi-host
fixture web, its per-host request counts and status histogram checked against the servers' request logs."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from newsflow_shared.config import Settings
from newsflow_shared.messages import CrawlRequest

from newsflow.progress import PROGRESS_INTERVAL, CrawlSnapshot, operator_view, render
from newsflow.runner import EmbeddedRunner
from tests.support.fixture_web import fixture_web
from tests.support.http_server import serve


def test_live_figures_match_the_servers_request_logs(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'live.db'}",
        allow_private_addresses=True,
        host_delay=0.05,
        task_max_retries=0,
    )
    snapshots: list[CrawlSnapshot] = []
    busy_routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/robots.txt": (404, {"Content-Type": "text/plain"}, b"none"),
        "/busy": (503, {"Retry-After": "120", "Content-Type": "text/plain"}, b"busy"),
    }
    with fixture_web(4, articles_per_host=6, first_address=100) as web, serve(busy_routes) as busy:  # type: ignore[arg-type]
        seeds = [h.url("/") for h in web.hosts] + [web.hosts[0].url("/missing/"), busy.url("/busy")]
        runner = EmbeddedRunner(settings, enrich=False, on_progress=snapshots.append)
        summary = runner.crawl(CrawlRequest(seeds=seeds, mode="site", max_depth=1, max_pages=200))
        served = {
            host.address: [path for _, path in host.request_log() if path != "/robots.txt"]
            for host in web.hosts
        }
        files = {host.address: host.files for host in web.hosts}
        busy_requests = [path for _, path in busy.requests if path != "/robots.txt"]

    final = operator_view(snapshots[-1])
    assert snapshots[-1].done and snapshots[-1].crawl_id == summary.crawl_id
    # Requests per host: exactly what each server answered (robots.txt is the politeness layer's own request).
    assert {h: n for h, n in final.hosts.items() if h in served} == {h: len(p) for h, p in served.items()}
    assert all(len(paths) > 6 for paths in served.values())
    assert final.hosts["127.0.0.1"] == len(busy_requests) == 1
    # The status histogram: what those paths answer (the fixture serves its files, 404 for anything else).
    expected = Counter(
        "200" if urlsplit(path).path in files[address] else "404"
        for address, paths in served.items()
        for path in paths
    )
    expected["503"] += 1
    assert final.statuses == dict(expected) and expected["404"] == 1
    # The 503's Retry-After paused its host for two minutes.
    assert set(final.paused) == {"127.0.0.1"} and 100 < final.paused["127.0.0.1"] <= 120
    assert final.queued == {} and final.eta_seconds == 0.0
    assert final.counts == summary.counts

    # While it ran: URLs waiting per host, no more than ten snapshots a second.
    assert any(sum(s.queued.values()) > 0 for s in snapshots[:-1])
    running = [s.elapsed for s in snapshots if not s.done]
    assert all(b - a >= PROGRESS_INTERVAL for a, b in itertools.pairwise(running))
    lines = render(final)
    assert lines[0].startswith(f"crawl {summary.crawl_id[:8]}…  done")
    assert any(line.startswith("paused  127.0.0.1 ") for line in lines)
