"""``newsflow reprocess`` after a parser change: the article re-parsed from its capture is stored with everything
the parser now finds, the typed ``blocks``, ``tags`` and ``organisation`` included, even when the body text (and
so ``content_hash``) is unchanged. A capture in a local WARC file, the embedded mode's SQLite; nothing fetched."""

from __future__ import annotations

from pathlib import Path

from newsflow_ingest.captures.warc import CaptureWriter
from newsflow_ingest.fetching.fetcher import FetchResult
from newsflow_shared.config import Settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import Block, EnrichedArticle, ParsedArticle
from newsflow_shared.migrate import upgrade
from newsflow_shared.models import Article
from newsflow_store.articles import upsert_article

from newsflow.reprocess_command import reprocess

URL = "https://news.example/2024/03/trams"
PARAGRAPHS = [
    "The city council voted on Monday to extend the tram line to the northern suburbs, ending a debate that "
    "has run for three years.",
    "Construction starts next spring and the first trams are expected to run in 2027, the transport committee "
    "said in a statement.",
    "Opponents said the cost of the project had doubled since it was first proposed and asked for an "
    "independent review.",
]
PAGE = f"""<!doctype html><html lang="en"><head><title>Council votes on trams | Example News</title>
<link rel="canonical" href="{URL}">
<meta property="og:title" content="Council votes on trams">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<meta property="article:tag" content="Transport"><meta property="article:tag" content="City council">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Council votes on trams", "datePublished": "2024-03-01T10:00:00Z",
"author": {{"@type": "Organization", "name": "Reuters"}}, "keywords": "Transport, City council"}}</script>
</head><body><article><h1>Council votes on trams</h1><p class="byline">By Reuters</p>
<p>{PARAGRAPHS[0]}</p>
<h2>What changes</h2>
<p>{PARAGRAPHS[1]}</p>
<p>{PARAGRAPHS[2]}</p>
</article></body></html>"""


def _capture(directory: Path) -> str:
    writer = CaptureWriter(directory)
    try:
        content = PAGE.encode()
        return writer.write(
            FetchResult(
                url=URL,
                final_url=URL,
                status=200,
                headers={"Content-Type": "text/html; charset=utf-8"},
                content=content,
                text=PAGE,
                encoding="utf-8",
                content_type="text/html; charset=utf-8",
                elapsed=0.01,
            )
        )
    finally:
        writer.close()


def test_reprocess_refreshes_blocks_tags_and_organisation(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{tmp_path / 'newsflow.db'}",
        capture_dir=str(tmp_path / "warc"),
    )
    location = _capture(tmp_path / "warc")
    body = "\n\n".join([PARAGRAPHS[0], "What changes", *PARAGRAPHS[1:]])  # the same text as today's parse
    # What an older parser stored from this capture: the heading as a paragraph, no tags, no organisation.
    old = ParsedArticle(
        url=URL,
        canonical_url=URL,
        title="Council votes on trams",
        body=body,
        blocks=[Block(type="paragraph", text=text) for text in body.split("\n\n")],
        tags=[],
        organisation=None,
        fetched_at="2024-03-02T08:00:00Z",
        capture=location,
    )
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    try:
        with session_scope(sessions) as session:
            article_id = upsert_article(EnrichedArticle(article=old), session=session).article_id

        pipeline = reprocess(settings, enrich=False)
        counts = pipeline.counts
        assert (counts.seen, counts.failed, counts.stored_ids) == (1, 0, [article_id])

        with session_scope(sessions) as session:
            row = session.get_one(Article, article_id)
            assert row.blocks == [
                {"type": "paragraph", "text": PARAGRAPHS[0]},
                {"type": "heading", "text": "What changes"},
                {"type": "paragraph", "text": PARAGRAPHS[1]},
                {"type": "paragraph", "text": PARAGRAPHS[2]},
            ]
            assert row.body == body  # same text, same content_hash: only the structure is new
            assert row.tags == ["Transport", "City council"]
            assert row.organisation == "Reuters"
            assert row.capture == location
    finally:
        engine.dispose()
