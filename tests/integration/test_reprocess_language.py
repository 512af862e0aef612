"""``newsflow reprocess --language``: only the stored articles of that language are re-parsed and re-enriched,
from their captures (nothing fetched), and their translations are found again by content hash (nothing
re-translated). The sample site (English and Arabic articles) crawled by the embedded runner on SQLite."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article, ArticleTranslation
from sqlalchemy import select

from newsflow.cli import main
from newsflow.reprocess_command import reprocess
from newsflow.runner import EmbeddedRunner
from newsflow.sample_server import run_site_server
from tests.support.translate_server import serve_translate

pytestmark = pytest.mark.integration


def _articles(settings: Settings) -> dict[str, tuple[str | None, datetime]]:
    """Stored articles: id → (language, updated_at)."""
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            rows = session.execute(select(Article.id, Article.language, Article.updated_at)).all()
            return {row.id: (row.language, row.updated_at) for row in rows}
    finally:
        engine.dispose()


def _translated(settings: Settings) -> set[str]:
    engine = make_engine(settings.database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            return set(session.scalars(select(ArticleTranslation.article_id)))
    finally:
        engine.dispose()


def test_reprocess_by_language_re_enriches_only_that_language_without_fetching(tmp_path: Path) -> None:
    with serve_translate() as translator:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{tmp_path / 'newsflow.db'}",
            capture_dir=str(tmp_path / "warc"),
            allow_private_addresses=True,
            host_delay=0,
            translator="libretranslate",
            translate_url=translator.base_url,
            translate_sources="ar",
        )
        with run_site_server() as site:
            request = CrawlRequest(seeds=[site.base_url + "/"], mode="site", max_pages=60, max_depth=3)
            summary = EmbeddedRunner(settings).crawl(request)
        assert summary.status == "done"
        before = _articles(settings)
        arabic = {id_ for id_, (language, _) in before.items() if language == "ar"}
        english = {id_ for id_, (language, _) in before.items() if language == "en"}
        assert len(arabic) >= 2 and len(english) >= 6
        assert _translated(settings) == arabic
        translations_sent = len(translator.requests)
        assert translations_sent > 0

        # The site is gone: anything re-parsed comes from the captures.
        pipeline = reprocess(settings, language="ar-EG")  # a regional tag selects the language
        assert (pipeline.counts.seen, pipeline.counts.failed) == (len(arabic), 0)
        assert set(pipeline.counts.stored_ids) == arabic
        assert len(translator.requests) == translations_sent  # same texts: stored translations reused

    after = _articles(settings)
    assert all(after[id_][1] > before[id_][1] for id_ in arabic)  # re-stored
    assert all(after[id_] == before[id_] for id_ in english)  # untouched
    assert _translated(settings) == arabic


def test_reprocess_refuses_a_language_that_is_not_a_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'n.db'}")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="not a BCP-47 language code"):
        reprocess(settings, language="arabic")
    with pytest.raises(SystemExit):
        main(["reprocess", "--db", settings.database_url, "--language", "arabic"])
    assert "not a BCP-47 language code" in capsys.readouterr().err
