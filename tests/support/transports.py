"""A transport for the stage driver (``newsflow_crawl.delivery.policy.Transport``) that records what is
published, for tests of code that publishes without running the next stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsflow_shared.messages import FetchTask
from newsflow_shared.queues import FETCH_TASK


@dataclass
class RecordingTransport:
    published: list[tuple[str, dict[str, Any], float | None]] = field(default_factory=list)
    retries: list[float] = field(default_factory=list)

    def publish(self, task_name: str, payload: dict[str, Any], *, countdown: float | None = None) -> None:
        self.published.append((task_name, payload, countdown))

    def retry(self, exc: BaseException, countdown: float) -> None:
        self.retries.append(countdown)

    def fetches(self) -> list[FetchTask]:
        """The fetch messages published, in order."""
        return [FetchTask.model_validate(p) for name, p, _ in self.published if name == FETCH_TASK]

    def of(self, task_name: str) -> list[dict[str, Any]]:
        return [payload for name, payload, _ in self.published if name == task_name]
