"""Sources: the sites an operator follows, and their one lifecycle — create, update, pause, poll, health.

The task API (``/v1/sources``, the console), the CLI (``newsflow sources …``), the scheduler (``newsflow beat``,
``newsflow watch``) and the crawl lifecycle (a poll's crawl finishing) all call these modules; none of them writes
a ``sources`` row itself. A poll *is* a crawl: :mod:`.polls` starts it through ``newsflow_crawl.lifecycle`` with
the source's id on it, and ``lifecycle.finish_crawl`` hands its end back to :func:`.polls.record_poll_end`.

- :mod:`.catalogue` — the rows: ``SourceSpec`` (what an operator writes), create / update / delete / find.
- :mod:`.imports` — CSV and OPML files (and the old TOML schedule file) to specs.
- :mod:`.timing` — when a source is due next: interval or cron, with jitter.
- :mod:`.polls` — start a due source's poll (never two at once), record how it ended, poll what is due.
- :mod:`.health` — the figures and the ``live | stale | broken | paused`` rule.
- :mod:`.discovery` — the feeds a homepage advertises (re-discovery when a feed dies).
- :mod:`.leader` — the Redis lease that keeps exactly one scheduler active.

May import: ``newsflow_shared`` and the rest of ``newsflow_crawl``; never a service package.
"""
