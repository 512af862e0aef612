"""Each crawl mode works on the sample site, in the embedded runner (the same stage functions as the workers)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, Failure
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsflow.runner import EmbeddedRunner
from newsflow.sample_server import load_expected, run_site_server
from tests.support.processes import NEWSFLOW, newsflow_env

pytestmark = pytest.mark.e2e

EXPECTED = load_expected()
ARTICLES = set(EXPECTED["articles"])


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with run_site_server() as server:
        yield server.base_url


@pytest.fixture
def runner(tmp_path: Path) -> EmbeddedRunner:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/modes.db", allow_private_addresses=True, host_delay=0
    )
    return EmbeddedRunner(settings, enrich=False)


def _stored_paths(runner: EmbeddedRunner, crawl_id: str, base: str) -> set[str]:
    with Session(make_engine(runner.settings.database_url)) as session:
        urls = session.scalars(select(Article.canonical_url).where(Article.crawl_id == crawl_id))
        return {u.removeprefix(base) for u in urls}


def test_article_mode_fetches_the_seeds_only(runner: EmbeddedRunner, site: str) -> None:
    seeds = [site + "/news/2024/03/ceasefire-talks/", site + "/about/"]
    summary = runner.crawl(CrawlRequest(seeds=seeds, mode="article"))
    assert summary.status == "done"
    assert summary.counts["fetched"] == 2
    assert _stored_paths(runner, summary.crawl_id, site) == {"/news/2024/03/ceasefire-talks/"}


def test_feed_mode_stores_the_feed_entries(runner: EmbeddedRunner, site: str) -> None:
    summary = runner.crawl(CrawlRequest(seeds=[site + "/feed.xml"], mode="feed"))
    assert summary.status == "done"
    feed_items = {
        item if item.startswith("/") else item.removeprefix(site) for item in EXPECTED["feed"]["items"]
    }
    stored = _stored_paths(runner, summary.crawl_id, site)
    assert stored == feed_items & ARTICLES
    assert len(stored) >= 4


def test_sitemap_mode_follows_the_index(runner: EmbeddedRunner, site: str) -> None:
    summary = runner.crawl(CrawlRequest(seeds=[site + "/sitemap.xml"], mode="sitemap"))
    assert summary.status == "done"
    assert _stored_paths(runner, summary.crawl_id, site) == ARTICLES


def test_site_mode_respects_max_pages(runner: EmbeddedRunner, site: str) -> None:
    summary = runner.crawl(CrawlRequest(seeds=[site + "/"], mode="site", max_pages=5, max_depth=3))
    assert summary.status == "done"
    assert summary.counts["discovered"] == 5
    assert summary.counts["fetched"] <= 5
    assert summary.counts["skipped"] > 0  # URLs over the limit are counted, not fetched


def test_site_mode_depth_zero_is_the_seed_only(runner: EmbeddedRunner, site: str) -> None:
    summary = runner.crawl(CrawlRequest(seeds=[site + "/"], mode="site", max_depth=0))
    assert summary.counts["fetched"] == 1
    assert summary.counts["stored"] == 0  # the home page is a listing, not an article


def test_unreachable_seed_fails_alone(runner: EmbeddedRunner, site: str) -> None:
    seeds = [site + "/news/2024/03/ceasefire-talks/", site + "/no-such-page/"]
    summary = runner.crawl(CrawlRequest(seeds=seeds, mode="article"))
    assert summary.status == "done"
    assert summary.counts["stored"] == 1
    assert summary.counts["failed"] == 1
    with Session(make_engine(runner.settings.database_url)) as session:
        failure = session.scalars(select(Failure).where(Failure.crawl_id == summary.crawl_id)).one()
    assert failure.url == site + "/no-such-page/"
    assert failure.reason == "http_status"
    assert failure.permanent


def test_extract_command_prints_the_full_record(site: str) -> None:
    page = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "asharq_seed.html"
    url = site + "/news/2024/03/ankara-raqqa-border/"
    result = subprocess.run(
        [NEWSFLOW, "extract", str(page), url, "--base-url", "https://eng-archive.aawsat.com/x"],
        env=newsflow_env(allow_private_addresses="true", host_delay="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 2
    seed, fetched = records
    assert seed["title"] == "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"
    assert seed["dateline"] == "Ankara, Moscow"
    assert seed["language"] == "en"
    # title + body (the caption is not body text): "General Hulusi Akar", "Akar and Gerasimov"
    counts = {(e["name"], e["type"]): e["count"] for e in seed["entities"]}
    assert counts[("Hulusi Akar", "PERSON")] == 2
    assert counts[("Peter Cook", "PERSON")] == 3
    assert fetched["title"] == EXPECTED["articles"]["/news/2024/03/ankara-raqqa-border/"]["title"]
    assert fetched["url"] == url


def test_extract_command_reports_a_bad_source_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text("<html><head><title>x</title></head><body><p>short</p></body></html>")
    result = subprocess.run(
        [NEWSFLOW, "extract", str(tmp_path / "missing.html"), str(good), "--no-enrich"],
        env=newsflow_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "missing.html" in result.stderr
    record = json.loads(result.stdout)
    assert "entities" not in record
    assert record["status"] != "article"
