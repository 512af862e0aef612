"""In-flight work keys and the Redis key names of crawl state: what every stage and the reconciler agree on.

In-flight keys are ``fetch:<url key>`` (``…:d<n>`` after n throttle deferrals), ``enrich:<url key>`` and
``store:<url key>``, all named after the URL the page was fetched from.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_shared.messages import url_key

KEY_TTL_SECONDS = 14 * 24 * 3600
ACTIVE_KEY = "newsflow:crawls:active"
SWEEP_LOCK_KEY = "newsflow:reconcile:lock"


def fetch_key(url: str, deferrals: int = 0) -> str:
    """In-flight key of a fetch; a task the host throttle deferred gets a key per deferral (``…:d<n>``), added
    before the deferring task resolves its own, so the crawl cannot look finished while it waits."""
    base = f"fetch:{url_key(url)}"
    return f"{base}:d{deferrals}" if deferrals else base


# Enrich and store keys are named after the page URL the article came from, not the article id: two pages of
# one crawl that share a canonical URL are two units of in-flight work, and neither may resolve the other's key.
def enrich_key(page_url: str) -> str:
    return f"enrich:{url_key(page_url)}"


def store_key(page_url: str) -> str:
    return f"store:{url_key(page_url)}"


@dataclass(frozen=True)
class PendingKey:
    """An in-flight key taken apart: ``stage`` (fetch, enrich, store), the URL key, the fetch's deferrals."""

    stage: str
    url_key: str
    deferrals: int = 0

    @classmethod
    def parse(cls, key: str) -> PendingKey | None:
        parts = key.split(":")
        if len(parts) == 2 and parts[0] in ("fetch", "enrich", "store"):
            return cls(parts[0], parts[1])
        if len(parts) == 3 and parts[0] == "fetch" and parts[2][:1] == "d" and parts[2][1:].isdigit():
            return cls("fetch", parts[1], int(parts[2][1:]))
        return None

    def siblings(self) -> list[str]:
        """The URL's other in-flight keys that may outlive this one (the next stage's, the next deferral's)."""
        k = self.url_key
        keys = [f"fetch:{k}", f"fetch:{k}:d{self.deferrals + 1}", f"enrich:{k}", f"store:{k}"]
        own = (
            f"fetch:{k}:d{self.deferrals}"
            if self.stage == "fetch" and self.deferrals
            else f"{self.stage}:{k}"
        )
        return [key for key in keys if key != own]
