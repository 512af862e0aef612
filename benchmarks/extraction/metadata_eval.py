"""Metadata accuracy (title, publication date, authors) against the hand-made ``labels.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def print_metadata_table(pages: list[Any], labels: Path) -> None:
    """Placeholder until the labels exist."""
