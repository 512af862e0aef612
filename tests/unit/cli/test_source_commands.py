"""``newsflow sources add|list|remove`` on SQLite: clear exit codes and messages, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsflow.cli import main


def test_add_list_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["sources", "add", "Wire", "--feed", "https://wire.example/rss", "--tag", "wire",
                 "--cron", "*/20 * * * *", "--db", db]) == 0  # fmt: skip
    assert main(["sources", "add", "Wire", "--feed", "https://wire.example/rss", "--db", db]) == 2
    assert main(["sources", "add", "Bad", "--feed", "https://b.example/", "--cron", "soon", "--db", db]) == 2
    assert main(["sources", "add", "Nothing", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "cron" in err and "homepage, a feed or a sitemap" in err
    assert main(["sources", "list", "--json", "--db", db]) == 0
    (wire,) = json.loads(capsys.readouterr().out)
    assert wire["name"] == "Wire" and wire["cron"] == "*/20 * * * *" and wire["health"]["status"] == "live"
    assert main(["sources", "remove", "Wire", "--db", db]) == 0
    assert main(["sources", "remove", "Wire", "--db", db]) == 1
    assert "no source Wire" in capsys.readouterr().err
    assert main(["sources", "list", "--tag", "wire", "--db", db]) == 0
    assert "Wire" not in capsys.readouterr().out
