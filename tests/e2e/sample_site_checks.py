"""What a crawl of the bundled sample site must leave in the database, whichever runtime ran it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsflow_shared.models import Article, ArticleEntity, ArticleUrl, Crawl, Entity, Failure
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from newsflow.sample_server import load_expected


def _aware(value: datetime | None) -> datetime | None:
    # SQLite returns naive UTC datetimes; PostgreSQL aware ones.
    if value is not None and value.tzinfo is None:
        from datetime import UTC

        return value.replace(tzinfo=UTC)
    return value


def check_sample_site_crawl(engine: Engine, crawl_id: str, base_url: str) -> dict[str, Any]:
    """Assert the stored result of a site crawl of the sample site; returns a few facts for the caller."""
    expected = load_expected()
    with Session(engine) as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        assert crawl.status == "done", crawl.status
        articles = session.scalars(select(Article).where(Article.crawl_id == crawl_id)).all()
        by_url = {a.canonical_url: a for a in articles}

        # Every article once, and nothing else: no listing, about or forbidden page, no duplicate.
        assert set(by_url) == {base_url + path for path in expected["articles"]}
        assert len(articles) == len(expected["articles"])
        assert crawl.stored == len(expected["articles"])

        for path, truth in expected["articles"].items():
            article = by_url[base_url + path]
            assert article.title == truth["title"], path
            assert _aware(article.published_at) == datetime.fromisoformat(truth["published_at"]), path
            assert article.language == truth["language"], path
            assert article.html_lang is not None and article.html_lang.startswith(truth["language"])
            assert len(article.body) > 800, path
            if truth["language"] == "en":
                names = set(
                    session.scalars(
                        select(Entity.name)
                        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
                        .where(ArticleEntity.article_id == article.id)
                    )
                )
                found = [name for name in truth["entities"] if name in names]
                # The small English model misses some; most of the hand-listed names must be there.
                assert len(found) >= 0.6 * len(truth["entities"]), (path, sorted(names), truth["entities"])

        for pair in expected["duplicates"]:
            canonical = by_url[base_url + pair["canonical"]]
            urls = set(session.scalars(select(ArticleUrl.url).where(ArticleUrl.article_id == canonical.id)))
            assert base_url + pair["alternate"] in urls

        forbidden = base_url + expected["forbidden"]["path"]
        assert all(not a.url.startswith(forbidden) for a in articles)
        reasons = {
            f.url: f.reason for f in session.scalars(select(Failure).where(Failure.crawl_id == crawl_id))
        }
        assert reasons.get(forbidden) == "robots_forbidden", reasons
        return {"articles": len(articles), "counts": {"fetched": crawl.fetched, "skipped": crawl.skipped}}
