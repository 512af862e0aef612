"""``newsflow export`` and ``newsflow search`` on an embedded (SQLite) database (issue 14)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from newsflow_shared.db import session_scope
from newsflow_shared.messages import url_key
from newsflow_store.articles import upsert_article
from sqlalchemy.orm import Session, sessionmaker

from newsflow.cli import main
from tests.unit.store.store_contract import enriched

URLS = {
    "https://news.example/en": (
        "Trams return",
        "The trams return to the city.",
        "en",
        "2024-03-01T10:00:00Z",
    ),
    "https://news.example/ar": (
        "عودة التّرام",
        "عادت عربات التّرام إلى المدينة.",
        "ar",
        "2024-03-05T10:00:00Z",
    ),
    "https://news.example/fr": ("Le tram revient", "Le tram revient en ville.", "fr", "2024-04-01T10:00:00Z"),
}


@pytest.fixture
def database(sessions: sessionmaker[Session], sqlite_url: str) -> str:
    for url, (title, body, language, published) in URLS.items():
        message = enriched(url, crawl_id=None, title=title, body=body, published_at=published)
        message.enrichment.language = language
        with session_scope(sessions) as session:
            upsert_article(message, session=session)
    return sqlite_url


def test_export_jsonl_filters_and_carries_versions(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", database, "--since", "2024-03-02", "--until", "2024-04-30"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["version"]) for r in records] == [
        (url_key("https://news.example/ar"), 1),
        (url_key("https://news.example/fr"), 1),
    ]
    assert main(["export", "--db", database, "--language", "fr"]) == 0
    assert [json.loads(line)["language"] for line in capsys.readouterr().out.splitlines()] == ["fr"]


def test_export_csv_and_parquet_files(database: str, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert main(["export", "--db", database, "--format", "csv", "--out", str(out)]) == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and {row["version"] for row in rows} == {"1"}
    assert json.loads(rows[0]["authors"]) == ["Ann Author"]
    import pyarrow.parquet as pyarrow_parquet  # the parquet extra, installed with dev

    parquet = tmp_path / "articles.parquet"
    assert main(["export", "--db", database, "--format", "parquet", "--out", str(parquet)]) == 0
    table = pyarrow_parquet.read_table(parquet)
    assert table.num_rows == 3 and table.column("version").to_pylist() == [1, 1, 1]


def test_search_finds_folded_arabic_and_filters(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "الترام", "--db", database]) == 0  # no shadda in the query
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [url_key("https://news.example/ar")]
    assert main(["search", "--db", database, "--order", "published", "--dir", "asc"]) == 0
    titles = [line.split("\t")[3] for line in capsys.readouterr().out.splitlines()]
    assert titles == ["Trams return", "عودة التّرام", "Le tram revient"]
