"""The live operator view of ``newsflow crawl``: figures → lines, and the in-place redraw on a terminal."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

from newsflow_api.crawl_stats import live_stats
from newsflow_crawl.state import CrawlStats

from newsflow.progress import CrawlSnapshot, LiveView, OperatorView, clock, operator_view, render

COUNTS = {"discovered": 120, "fetched": 80, "articles": 60, "stored": 58, "skipped": 3, "failed": 2}


def view(**changes: object) -> OperatorView:
    values: dict[str, object] = {
        "crawl_id": "0b7d1c2e-aaaa-bbbb-cccc-000000000000",
        "counts": COUNTS,
        "hosts": {"a.example": 30, "b.example": 28, "c.example": 22},
        "statuses": {"200": 75, "404": 3, "0": 2},
        "paused": {},
        "eta_seconds": 65.0,
        "queued": {"a.example": 12, "c.example": 30},
        "elapsed": 42.0,
    }
    values.update(changes)
    return OperatorView(**values)  # type: ignore[arg-type]


def test_clock() -> None:
    assert [clock(s) for s in (0, 9.6, 65, 3599, 3600, 7322)] == [
        "0:00", "0:10", "1:05", "59:59", "1:00:00", "2:02:02"
    ]  # fmt: skip


def test_render_shows_totals_statuses_hosts_and_eta() -> None:
    lines = render(view())
    assert lines[0] == "crawl 0b7d1c2e…  running 0:42  ETA 1:05"
    assert lines[1] == "discovered 120 · fetched 80 · articles 60 · stored 58 · skipped 3 · failed 2"
    assert lines[2] == "HTTP 200 ×75 · 404 ×3 · 0 ×2"  # by code, "no response" last
    assert lines[3].split() == ["host", "queued", "requests"]
    # Busiest first: most URLs waiting, then most requests.
    assert [line.split() for line in lines[4:]] == [
        ["c.example", "30", "22"],
        ["a.example", "12", "30"],
        ["b.example", "0", "28"],
    ]


def test_render_bounds_the_host_rows_and_sums_the_rest() -> None:
    hosts = {f"h{i:02d}.example": 100 - i for i in range(20)}
    lines = render(view(hosts=hosts, queued={"h19.example": 5}), max_hosts=5)
    rows = lines[4:]
    assert len(rows) == 5
    assert rows[0].split() == ["h19.example", "5", "81"]
    assert [r.split()[0] for r in rows[1:4]] == ["h00.example", "h01.example", "h02.example"]
    rest = sum(100 - i for i in range(3, 19))
    assert rows[4].split() == ["…", "16", "more", "hosts", "0", str(rest)]


def test_render_paused_hosts_longest_pause_first_and_done_without_eta() -> None:
    lines = render(view(paused={"a.example": 4.2, "wire.example": 298.0}, done=True, queued={}))
    assert lines[0] == "crawl 0b7d1c2e…  done 0:42"
    assert lines[-1] == "paused  wire.example 4:58, a.example 0:04"


def test_render_before_any_request_and_an_unknown_eta() -> None:
    lines = render(view(hosts={}, statuses={}, queued={"a.example": 3}, eta_seconds=None, elapsed=0.2))
    assert lines[0] == "crawl 0b7d1c2e…  running 0:00"
    assert not any(line.startswith("HTTP") for line in lines)
    assert lines[-1].split() == ["a.example", "3", "0"]


def test_no_line_is_wider_than_the_terminal() -> None:
    long_host = "a-very-long-host-name-of-a-regional-newspaper.example.co.uk"
    lines = render(view(hosts={long_host: 3}, queued={}, paused={long_host: 60.0}), width=50)
    assert all(len(line) <= 50 for line in lines)
    assert any(line.startswith("a-very-long") and line.split()[-2:] == ["0", "3"] for line in lines)


def test_operator_view_uses_the_apis_computation() -> None:
    now = 1_000_000.0
    stats = CrawlStats(
        hosts={"a.example": 30, "b.example": 10},
        statuses={"200": 38, "503": 2},
        paused_hosts={"b.example": now + 90},
        started_at=now - 20,
    )
    snapshot = CrawlSnapshot("c1", COUNTS, stats, queued={"a.example": 4, "b.example": 0}, elapsed=20.0)
    shown = operator_view(snapshot, now=now)
    api = live_stats(stats, COUNTS, now)
    assert shown.hosts == api["hosts"] and shown.statuses == api["statuses"]
    assert shown.eta_seconds == api["eta_seconds"] == 40.0  # 120 discovered - 40 done, at 2 requests/s
    assert api["paused_hosts"] == {"b.example": datetime.fromtimestamp(now + 90, UTC)}
    assert shown.paused == {"b.example": 90.0}
    assert shown.queued == {"a.example": 4}
    done = operator_view(CrawlSnapshot("c1", COUNTS, stats, done=True), now=now)
    assert done.eta_seconds == 0.0


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def snapshot(fetched: int, *, done: bool = False) -> CrawlSnapshot:
    stats = CrawlStats(hosts={"a.example": fetched}, statuses={"200": fetched}, started_at=None)
    return CrawlSnapshot("c1", {**COUNTS, "fetched": fetched}, stats, elapsed=1.0, done=done)


def test_live_view_redraws_in_place_at_most_ten_times_a_second() -> None:
    terminal = Terminal()
    live = LiveView(stream=terminal)
    for n in range(50):  # a burst: only the first is drawn
        live.update(snapshot(n))
    live.update(snapshot(50, done=True))  # the final one always is
    live.close()
    out = terminal.getvalue()
    frames = out.split("crawl c1…")[1:]
    assert len(frames) == 2
    first_height = out.split("\r\x1b[")[1].count("\n")  # the lines of the first drawing
    assert first_height == 5
    # The second drawing goes back up over the first one and clears it.
    assert f"\r\x1b[{first_height}A\x1b[J" in out
    assert "fetched 50" in frames[1] and "done" in frames[1]


def test_live_view_draws_the_latest_snapshot_on_close() -> None:
    terminal = Terminal()
    live = LiveView(stream=terminal)
    live.update(snapshot(1))
    live.update(snapshot(2))  # too soon to be drawn
    live.close()
    assert "fetched 2" in terminal.getvalue().split("crawl c1…")[-1]


def test_live_view_is_silent_off_a_terminal() -> None:
    pipe = io.StringIO()
    live = LiveView(stream=pipe)
    assert not live.enabled
    live.update(snapshot(1, done=True))
    live.close()
    assert pipe.getvalue() == ""


def test_a_log_line_takes_the_views_place_and_the_view_is_drawn_below_it() -> None:
    terminal = Terminal()
    handler = logging.StreamHandler(terminal)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        live = LiveView(stream=terminal)
        live.update(snapshot(1))
        logging.getLogger("newsflow.test").warning("fetch failed; retry 1")
        live.update(snapshot(2))  # drawn at once: nothing is on screen
        live.close()
    finally:
        root.removeHandler(handler)
    assert not handler.filters  # the view let go of the handler
    out = terminal.getvalue()
    erase_first = "\r\x1b[5A\x1b[J"
    assert out.index(erase_first) < out.index("fetch failed; retry 1")
    after_log = out.split("fetch failed; retry 1\n", 1)[1]
    assert after_log.startswith("\r\x1b[Jcrawl c1…") and "fetched 2" in after_log  # no cursor-up over the log
