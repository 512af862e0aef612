"""The source scheduler's round: if this process holds the scheduler lease, poll every due source. ``newsflow
beat`` runs a round on each of its ticks (``newsflow.schedule.CrawlScheduler``); a standby runs none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsflow_shared.config import Settings
from sqlalchemy.orm import Session, sessionmaker

from newsflow_crawl.delivery.policy import Transport
from newsflow_crawl.sources.leader import SchedulerLease
from newsflow_crawl.sources.polls import Discover, PollResult, poll_due
from newsflow_crawl.state import CrawlLedger


@dataclass
class SourceScheduler:
    lease: SchedulerLease
    sessions: sessionmaker[Session]
    ledger: CrawlLedger
    transport: Transport
    settings: Settings
    discover: Discover | None = None

    def tick(self, now: datetime | None = None) -> list[PollResult] | None:
        """One round; None when another scheduler is the active one."""
        if not self.lease.acquire_or_renew():
            return None
        return poll_due(
            sessions=self.sessions,
            ledger=self.ledger,
            transport=self.transport,
            settings=self.settings,
            discover=self.discover,
            now=now,
        )

    def stop(self) -> None:
        self.lease.release()
