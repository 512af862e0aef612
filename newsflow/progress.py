"""The live operator view of ``newsflow crawl`` on stderr: what ``GET /v1/crawls/{id}`` reports, redrawn in place.

The embedded runner hands a :class:`CrawlSnapshot` (its ledger's counts and stats, and the URLs waiting in its
queue per host) to :class:`LiveView` at most every ``PROGRESS_INTERVAL`` seconds. The figures are computed by the
API's own function (``newsflow_api.crawl_stats.live_stats``: requests per host, HTTP status histogram, paused
hosts, ETA); :func:`render` turns them into a few lines:

    crawl 0b7d…  running 0:42  ETA 1:05
    discovered 120 · fetched 80 · articles 60 · stored 58 · skipped 3 · failed 2
    HTTP 200 ×75 · 404 ×3 · 0 ×2
    host                          queued  requests
    news.example                      12        30
    … 3 more hosts                     5        20
    paused  wire.example 4:58

Only on a terminal: piped or redirected, ``newsflow crawl`` prints nothing but its summary.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import IO

from newsflow_crawl.state import CrawlStats

# Seconds between two snapshots (the runner's) and two redraws (the view's): at most 10 a second.
PROGRESS_INTERVAL = 0.1
MAX_HOST_ROWS = 8


@dataclass(frozen=True)
class CrawlSnapshot:
    """A running crawl as the embedded runner sees it."""

    crawl_id: str
    counts: dict[str, int]
    stats: CrawlStats
    queued: dict[str, int] = field(default_factory=dict)  # host -> URLs waiting in the runner's queue
    elapsed: float = 0.0
    done: bool = False


@dataclass(frozen=True)
class OperatorView:
    """The figures shown: the crawl's counters and ``GET /v1/crawls/{id}``'s live fields."""

    crawl_id: str
    counts: dict[str, int]
    hosts: dict[str, int]  # requests per host
    statuses: dict[str, int]  # requests per HTTP status ("0": no response)
    paused: dict[str, float]  # host -> seconds it stays paused
    eta_seconds: float | None
    queued: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    done: bool = False


def operator_view(snapshot: CrawlSnapshot, now: float | None = None) -> OperatorView:
    """The view of a snapshot, by the same computation as the API's."""
    from newsflow_api.crawl_stats import live_stats

    now = time.time() if now is None else now
    live = live_stats(snapshot.stats, snapshot.counts, now)
    return OperatorView(
        crawl_id=snapshot.crawl_id,
        counts=dict(snapshot.counts),
        hosts=dict(live["hosts"]),
        statuses=dict(live["statuses"]),
        paused={host: max(until.timestamp() - now, 0.0) for host, until in live["paused_hosts"].items()},
        eta_seconds=0.0 if snapshot.done else live["eta_seconds"],
        queued={h: n for h, n in snapshot.queued.items() if n},
        elapsed=snapshot.elapsed,
        done=snapshot.done,
    )


def clock(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour up."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _status_order(code: str) -> tuple[int, str]:
    return (int(code) if code.isdigit() and code != "0" else 1000, code)


def render(view: OperatorView, *, width: int = 100, max_hosts: int = MAX_HOST_ROWS) -> list[str]:
    """The lines of the view, none wider than ``width``; at most ``max_hosts`` host rows (the busiest: most
    URLs queued, then most requests), the rest summed on one row."""
    state = "done" if view.done else "running"
    eta = "" if view.eta_seconds is None or view.done else f"  ETA {clock(view.eta_seconds)}"
    lines = [f"crawl {view.crawl_id[:8]}…  {state} {clock(view.elapsed)}{eta}"]
    lines.append(" · ".join(f"{name} {value}" for name, value in view.counts.items()))
    if view.statuses:
        codes = sorted(view.statuses, key=_status_order)
        lines.append("HTTP " + " · ".join(f"{code} ×{view.statuses[code]}" for code in codes))
    hosts = set(view.hosts) | set(view.queued)
    if hosts:
        ranked = sorted(hosts, key=lambda h: (-view.queued.get(h, 0), -view.hosts.get(h, 0), h))
        name_width = max(24, min(max(len(h) for h in ranked[:max_hosts]), width - 20))
        lines.append(f"{'host':<{name_width}}  {'queued':>7}  {'requests':>8}")
        shown = ranked if len(ranked) <= max_hosts else ranked[: max_hosts - 1]
        for host in shown:
            name = host if len(host) <= name_width else host[: name_width - 1] + "…"
            lines.append(f"{name:<{name_width}}  {view.queued.get(host, 0):>7}  {view.hosts.get(host, 0):>8}")
        rest = ranked[len(shown) :]
        if rest:
            label = f"… {len(rest)} more hosts"
            queued = sum(view.queued.get(h, 0) for h in rest)
            requests = sum(view.hosts.get(h, 0) for h in rest)
            lines.append(f"{label:<{name_width}}  {queued:>7}  {requests:>8}")
    if view.paused:
        paused = sorted(view.paused.items(), key=lambda item: (-item[1], item[0]))
        lines.append("paused  " + ", ".join(f"{host} {clock(left)}" for host, left in paused))
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


class LiveView:
    """Redraws the view in place on ``stream`` (stderr), at most ten times a second; silent unless a terminal."""

    def __init__(self, *, enabled: bool = True, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self._last = 0.0
        self._drawn = 0  # lines of the previous drawing
        self._latest: CrawlSnapshot | None = None
        self._shown: CrawlSnapshot | None = None
        self._log_handlers: list[logging.Handler] = []
        if self.enabled:
            self._step_aside_for_logs()

    def _step_aside_for_logs(self) -> None:
        """Log records written to the same stream take the view's place; it is drawn again below them."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is self.stream:
                handler.addFilter(self._erase_before_log)
                self._log_handlers.append(handler)

    def _erase_before_log(self, record: logging.LogRecord) -> bool:
        if self._drawn:
            self.stream.write(f"\r\x1b[{self._drawn}A\x1b[J")
            self._drawn = 0
            self._shown = None  # drawn again at the next snapshot or on close
        return True

    def update(self, snapshot: CrawlSnapshot) -> None:
        if not self.enabled:
            return
        self._latest = snapshot
        now = time.monotonic()
        if not snapshot.done and self._drawn and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self._draw(snapshot)

    def _draw(self, snapshot: CrawlSnapshot) -> None:
        width = max(shutil.get_terminal_size((100, 24)).columns - 1, 40)
        lines = render(operator_view(snapshot), width=width)
        # Back to the first line of the previous drawing, clear to the end of the screen, draw again.
        erase = f"\r\x1b[{self._drawn}A\x1b[J" if self._drawn else "\r\x1b[J"
        self.stream.write(erase + "\n".join(lines) + "\n")
        self.stream.flush()
        self._drawn = len(lines)
        self._shown = snapshot

    def close(self) -> None:
        """Leave the latest figures on screen (drawn now if the last snapshot came too soon to be)."""
        if self.enabled and self._latest is not None and self._latest is not self._shown:
            self._draw(self._latest)
        for handler in self._log_handlers:
            handler.removeFilter(self._erase_before_log)
        self._log_handlers = []
