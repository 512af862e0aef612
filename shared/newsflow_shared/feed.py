"""Reading the change feed (issue 14): what ``GET /v1/changes``, ``examples/`` and tests share.

A reader keeps one checkpoint, the ``(txid, seq)`` of the last change it processed, and asks for the changes
after it: :func:`read_changes` reads the ``newsflow_v1`` changes view, which on PostgreSQL only shows rows of
transactions older than every running one, so nothing can later appear behind the checkpoint
(``newsflow_store.changes`` says why). The checkpoint travels as an opaque string (:func:`encode_checkpoint`).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from newsflow_shared.upsert import dialect_name

START = (0, 0)  # before the first change
_CHECKPOINT = re.compile(r"c1:(\d{1,19}):(\d{1,19})")

# The documented reader query (docs/schema.md), with the view's name filled in per database.
FEED_QUERY = (
    "SELECT seq, txid, article_id, version, change, origin, crawl_id, changed_at FROM {view} "
    "WHERE (txid, seq) > (:txid, :seq) ORDER BY txid, seq LIMIT :limit"
)


class BadCheckpoint(ValueError):
    """A checkpoint string this API did not produce."""


@dataclass(frozen=True)
class Change:
    seq: int
    txid: int
    article_id: str
    version: int
    change: str
    origin: str
    crawl_id: str | None
    changed_at: datetime

    @property
    def checkpoint(self) -> tuple[int, int]:
        return (self.txid, self.seq)


def changes_view(session: Session) -> str:
    return "newsflow_v1.changes" if dialect_name(session) == "postgresql" else "newsflow_v1_changes"


def read_changes(session: Session, after: tuple[int, int] = START, limit: int = 500) -> list[Change]:
    """Up to ``limit`` changes after the checkpoint ``after``, in commit order."""
    rows = session.execute(
        text(FEED_QUERY.format(view=changes_view(session))),
        {"txid": after[0], "seq": after[1], "limit": limit},
    )
    return [Change(*row) for row in rows]


def encode_checkpoint(checkpoint: tuple[int, int]) -> str:
    return base64.urlsafe_b64encode(f"c1:{checkpoint[0]}:{checkpoint[1]}".encode()).decode().rstrip("=")


def decode_checkpoint(value: str | None) -> tuple[int, int]:
    """The ``(txid, seq)`` of a checkpoint string; the start of the feed for None or ``""``."""
    if not value:
        return START
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCheckpoint("cursor is not valid") from exc
    match = _CHECKPOINT.fullmatch(raw)
    if match is None or max(int(match[1]), int(match[2])) >= 2**63:
        raise BadCheckpoint("cursor is not valid")
    return int(match[1]), int(match[2])


def as_record(change: Change) -> dict[str, Any]:
    return {
        "article_id": change.article_id,
        "change": change.change,
        "version": change.version,
        "changed_at": change.changed_at,
        "origin": change.origin,
        "crawl_id": change.crawl_id,
    }
