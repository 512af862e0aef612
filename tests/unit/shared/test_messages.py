"""Message schemas (``newsflow_shared.messages``): JSON round trips, schema_version, unknown fields ignored,
the url_key natural key, and what a crawl request refuses."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
from newsflow_shared.messages import (
    COUNTERS,
    CRAWL_FINAL_STATUSES,
    CRAWL_MODES,
    SCHEMA_VERSION,
    Block,
    CrawlRequest,
    EnrichedArticle,
    Enrichment,
    EntityCount,
    FailureRecord,
    FetchTask,
    FinishCrawl,
    Image,
    Mention,
    Message,
    ParagraphLanguage,
    ParsedArticle,
    Translation,
    url_key,
)
from pydantic import ValidationError


def parsed_article() -> ParsedArticle:
    return ParsedArticle(
        crawl_id="c1",
        url="https://news.example/a?utm_source=x",
        canonical_url="https://news.example/a",
        title="Ceasefire talks resume in Doha",
        authors=["Jane Doe"],
        published_at="2024-03-01T10:00:00+03:00",
        body="First paragraph.\n\nSecond paragraph.",
        blocks=[
            Block(type="paragraph", text="First paragraph."),
            Block(type="quote", text="Second paragraph."),
        ],
        tags=["diplomacy"],
        images=[Image(url="https://news.example/i.jpg", caption="Talks", credit="AFP")],
        extras={"kicker": "Middle East"},
        provenance={"title": "og"},
        fetched_at="2024-03-01T08:00:00+00:00",
        http_status=200,
        capture="captures/a.warc.gz#1234",
    )


def enriched() -> EnrichedArticle:
    return EnrichedArticle(
        article=parsed_article(),
        enrichment=Enrichment(
            language="en",
            language_confidence=0.99,
            paragraph_languages=[ParagraphLanguage(index=0, language="en", confidence=0.9, letters=15)],
            entities=[
                EntityCount(
                    name="Doha",
                    type="GPE",
                    count=1,
                    mentions=[Mention(start=26, end=30, text="Doha")],
                    salience=0.8,
                    first_position=26,
                    in_title=True,
                    provenance="gazetteer",
                )
            ],
            translations=[Translation(provider="opus-mt", source_language="ar", target_language="en")],
            language_detector="py3langid",
            translation_error=None,
        ),
    )


MESSAGES: list[Message] = [
    CrawlRequest(seeds=["https://news.example/"], mode="archive", since=date(2024, 1, 1), include=["/news/"]),
    FetchTask(crawl_id="c1", url="https://news.example/a", depth=2, role="article", hints={"lastmod": "x"}),
    parsed_article(),
    enriched(),
    FailureRecord(
        crawl_id="c1",
        stage="ingest",
        task_name="newsflow.ingest.fetch",
        url="https://news.example/a",
        error_type="TransientError",
        reason="timeout",
        message="read timed out",
        permanent=False,
        attempts=3,
        payload={"url": "https://news.example/a"},
        failed_at=datetime(2024, 3, 1, 8, 0),
    ),
    FinishCrawl(crawl_id="c1", counts=dict.fromkeys(COUNTERS, 1), cancelled=True),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_every_message_survives_a_json_round_trip(message: Message) -> None:
    wire = message.model_dump_json()
    assert json.loads(wire)["schema_version"] == SCHEMA_VERSION
    assert type(message).model_validate_json(wire) == message


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_unknown_fields_of_a_newer_producer_are_ignored(message: Message) -> None:
    data = json.loads(message.model_dump_json())
    data["added_by_a_later_version"] = {"anything": [1, 2]}
    assert type(message).model_validate(data) == message


def test_schema_version_is_carried_and_defaults_to_the_current_one() -> None:
    assert SCHEMA_VERSION == 1
    assert FetchTask(crawl_id="c", url="http://a/").schema_version == SCHEMA_VERSION
    older = FetchTask.model_validate({"crawl_id": "c", "url": "http://a/"})  # a producer that sent none
    assert older.schema_version == SCHEMA_VERSION
    newer = FetchTask.model_validate({"crawl_id": "c", "url": "http://a/", "schema_version": 2})
    assert newer.schema_version == 2


def test_url_key_is_the_sha256_of_the_url() -> None:
    url = "https://news.example/ä?x=1"
    assert url_key(url) == hashlib.sha256(url.encode("utf-8")).hexdigest()
    assert len(url_key(url)) == 64
    assert url_key(url) != url_key(url + "&y=2")


def test_an_article_is_identified_by_its_canonical_url() -> None:
    article = parsed_article()
    assert article.article_id == url_key("https://news.example/a")
    assert article.article_id != url_key(article.url)


def test_the_flat_record_leaves_out_what_is_not_stored() -> None:
    record = enriched().to_record()
    for left_out in ("schema_version", "crawl_id", "http_status", "capture", "paragraph_languages"):
        assert left_out not in record
    assert "language_detector" not in record and "translation_error" not in record
    assert record["canonical_url"] == "https://news.example/a"
    assert record["language"] == "en"
    assert record["entities"][0]["name"] == "Doha"
    assert record["blocks"][1] == {"type": "quote", "text": "Second paragraph."}


def test_message_defaults() -> None:
    task = FetchTask(crawl_id="c", url="http://a/")
    assert (task.depth, task.role, task.mode, task.max_pages, task.max_depth) == (0, "page", "site", 100, 2)
    assert (task.deferrals, task.slot_booked, task.skip_known) == (0, False, False)
    request = CrawlRequest(seeds=["http://a/"])
    assert (request.mode, request.max_pages, request.max_depth) == ("site", 100, 2)
    assert ParsedArticle(url="u", canonical_url="u").status == "article"
    assert set(CRAWL_MODES) == {"article", "site", "feed", "sitemap", "archive"}
    assert set(CRAWL_FINAL_STATUSES) == {"done", "failed", "cancelled"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"seeds": []}, "seeds"),
        ({"seeds": ["ftp://news.example/"]}, "not an http"),
        ({"seeds": ["https:///no-host"]}, "not an http"),
        ({"seeds": ["news.example/path"]}, "not an http"),
        ({"mode": "everything"}, "mode"),
        ({"max_pages": 0}, "max_pages"),
        ({"max_pages": 1_000_001}, "max_pages"),
        ({"max_depth": -1}, "max_depth"),
        ({"include": ["(unclosed"]}, "not a regular expression"),
        ({"exclude": ["[a-"]}, "not a regular expression"),
        ({"since": "yesterday"}, "since"),
    ],
)
def test_a_crawl_request_refuses(change: dict[str, object], problem: str) -> None:
    data: dict[str, object] = {"seeds": ["https://news.example/"]} | change
    with pytest.raises(ValidationError, match=problem):
        CrawlRequest.model_validate(data)


def test_a_crawl_request_accepts_http_and_https_seeds_of_any_case() -> None:
    request = CrawlRequest(seeds=["HTTPS://News.Example/", "http://127.0.0.1:8080/x"], include=[r"/\d{4}/"])
    assert request.seeds == ["HTTPS://News.Example/", "http://127.0.0.1:8080/x"]
