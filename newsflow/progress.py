"""A one-line progress display on stderr for ``newsflow crawl``."""

from __future__ import annotations

import sys
import time


class ProgressLine:
    """Rewrites one stderr line with the crawl's counts, at most ten times a second; silent when not a TTY."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0
        self._shown = False

    def update(self, counts: dict[str, int]) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < 0.1:
            return
        self._last = now
        text = " · ".join(f"{name} {value}" for name, value in counts.items())
        sys.stderr.write(f"\r\x1b[K{text}")
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
