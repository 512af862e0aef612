"""Every setting is documented where operators look: README and .env.example."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_shared.config import Settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("document", ["README.md", ".env.example", "docs/configuration.md"])
def test_every_setting_is_documented(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    missing = [
        f"NEWSFLOW_{name.upper()}" for name in Settings.model_fields if f"NEWSFLOW_{name.upper()}" not in text
    ]
    assert missing == [], f"{document} does not document {missing}"


def test_time_limit_must_stay_below_visibility_timeout() -> None:
    with pytest.raises(ValueError, match="VISIBILITY_TIMEOUT"):
        Settings(task_time_limit=100, visibility_timeout=100)


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_HOST_DELAY", "2.5")
    assert Settings().host_delay == 2.5
