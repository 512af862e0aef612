"""The reader side of the API (issue 14) on a real ``newsflow api`` process over PostgreSQL and Redis: the change
feed's paging, versions, search filters and orders, the NDJSON export, and ``examples/follow_feed.py`` following
the feed with a stored checkpoint."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import url_key
from newsflow_shared.migrate import upgrade
from newsflow_store.articles import upsert_article

from tests.support.processes import free_port, newsflow_env, process_group, wait_http_ok
from tests.unit.store.feed_contract import wait_for_feed
from tests.unit.store.store_contract import enriched

pytestmark = pytest.mark.integration

TOKEN = "reader-token"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "follow_feed.py"
URLS = [f"https://news.example/2024/03/0{day}/story" for day in range(1, 6)]


@pytest.fixture(scope="module")
def api_url(postgres_url: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    upgrade(postgres_url)
    engine = make_engine(postgres_url)
    sessions = make_sessionmaker(engine)
    for day, url in enumerate(URLS, start=1):
        body = f"The tram council met on day {day}." + (" Rail strike." if day % 2 else "")
        with session_scope(sessions) as session:
            upsert_article(
                enriched(url, crawl_id=None, body=body, published_at=f"2024-03-0{day}T10:00:00Z"),
                session=session,
            )
    with session_scope(sessions) as session:  # a second version of the first article
        corrected = enriched(
            URLS[0], crawl_id=None, body="Corrected text.", title="Fixed", published_at="2024-03-01T10:00:00Z"
        )
        upsert_article(corrected, session=session)
    wait_for_feed(sessions)
    engine.dispose()
    env = newsflow_env(database_url=postgres_url, redis_url=redis_url, api_token=TOKEN, api_rate_limit="0")
    port = free_port()
    with process_group(tmp_path_factory.mktemp("reader-api")) as procs:
        procs.start("api", ["api", "--port", str(port)], env)
        url = f"http://127.0.0.1:{port}"
        wait_http_ok(url + "/healthz")
        yield url


def _get(api_url: str, path: str, **params: Any) -> Any:
    response = httpx.get(
        api_url + path, params=params, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_feed_pages_to_the_end_and_next_is_always_present(api_url: str) -> None:
    seen, after = [], None
    for _ in range(10):
        page = _get(api_url, "/v1/changes", limit=2, **({"after": after} if after else {}))
        assert page["next"]
        seen += [(item["article_id"], item["change"], item["version"]) for item in page["items"]]
        if not page["items"]:
            assert page["next"] == after  # nothing new: the same cursor comes back
            break
        after = page["next"]
    assert seen == [(url_key(u), "created", 1) for u in URLS] + [(url_key(URLS[0]), "content", 2)]
    bad = httpx.get(
        api_url + "/v1/changes", params={"after": "nope"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert bad.status_code == 400
    assert httpx.get(api_url + "/v1/changes").status_code == 401


def test_versions_list_every_content_version(api_url: str) -> None:
    versions = _get(api_url, f"/v1/articles/{url_key(URLS[0])}/versions")
    assert versions["current"] == 2
    assert [(v["version"], v["title"], v["changed"]) for v in versions["items"]] == [
        (1, "A title", []),
        (2, "Fixed", ["title", "body"]),
    ]


def test_search_filters_orders_and_paging(api_url: str) -> None:
    def ids(**params: Any) -> list[str]:
        found, cursor = [], None
        while True:
            page = _get(api_url, "/v1/articles", limit=2, **params, **({"cursor": cursor} if cursor else {}))
            found += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                return found

    striking = [url_key(URLS[i]) for i in (2, 4)]  # days 3 and 5 (day 1 was corrected)
    assert sorted(ids(q="strike")) == sorted(striking)
    assert ids(q="strikes", order="relevance") != []  # english stemming
    # relevance cursors over two pages: every match once (the corrected day 1 no longer mentions the tram)
    assert sorted(ids(q="tram", order="relevance")) == sorted(url_key(u) for u in URLS[1:])
    assert ids(order="published", dir="asc") == [url_key(u) for u in URLS]
    assert ids(order="published", dir="desc", since="2024-03-02T00:00:00Z", until="2024-03-04T00:00:00Z") == [
        url_key(URLS[2]),
        url_key(URLS[1]),
    ]
    assert ids(site="Example News", language="en", q="tram") != []
    assert ids(site="Other") == []


def test_export_streams_ndjson_with_versions(api_url: str) -> None:
    with httpx.stream(
        "GET", api_url + "/v1/export", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
    ) as response:
        assert response.headers["content-type"].startswith("application/x-ndjson")
        records = [json.loads(line) for line in response.iter_lines() if line]
    assert {r["id"]: r["version"] for r in records} == {url_key(u): (2 if u == URLS[0] else 1) for u in URLS}


def test_example_consumer_follows_the_feed_with_a_checkpoint(api_url: str, tmp_path: Path) -> None:
    checkpoint, out = tmp_path / "feed.checkpoint", tmp_path / "articles.jsonl"
    command = [
        sys.executable,
        str(EXAMPLE),
        "--api",
        api_url,
        "--token",
        TOKEN,
        "--checkpoint",
        str(checkpoint),
    ]
    command += ["--out", str(out), "--limit", "4", "--interval", "0", "--max-polls", "1"]
    subprocess.run(command, check=True, timeout=60)
    assert len(out.read_text().splitlines()) == 4 and checkpoint.read_text()
    command[-1] = "3"  # resumes from the checkpoint: the two remaining changes, then empty polls
    subprocess.run(command, check=True, timeout=60)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["article"]["id"], r["version"]) for r in records] == [(url_key(u), 1) for u in URLS] + [
        (url_key(URLS[0]), 2)
    ]
