"""What ``newsflow crawl`` and ``newsflow demo`` print when a crawl ends."""

from __future__ import annotations

from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.models import Article, ArticleEntity, Entity, Failure
from sqlalchemy import select

from newsflow.runner import CrawlSummary


def print_crawl_summary(summary: CrawlSummary, settings: Settings, *, show_articles: bool) -> None:
    counts = " · ".join(f"{name} {value}" for name, value in summary.counts.items())
    print(f"crawl {summary.crawl_id}: {summary.status} in {summary.elapsed:.1f}s — {counts}")
    print(f"database: {settings.database_url}")
    sessions = make_sessionmaker(make_engine(settings.database_url))
    with session_scope(sessions) as session:
        if show_articles:
            articles = session.scalars(
                select(Article).where(Article.crawl_id == summary.crawl_id).order_by(Article.published_at)
            ).all()
            for article in articles:
                top = session.execute(
                    select(Entity.name, Entity.type)
                    .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
                    .where(ArticleEntity.article_id == article.id)
                    .order_by(ArticleEntity.count.desc(), Entity.name)
                    .limit(4)
                ).all()
                published = article.published_at.date().isoformat() if article.published_at else "????-??-??"
                entities = ", ".join(f"{name} ({kind})" for name, kind in top)
                print(f"  [{article.language or '??'}] {published}  {article.title}")
                if entities:
                    print(f"        {entities}")
        failures = session.scalars(select(Failure).where(Failure.crawl_id == summary.crawl_id)).all()
        for failure in failures:
            print(f"  not stored: {failure.url} — {failure.reason}: {failure.message[:120]}")
