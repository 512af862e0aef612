"""The operator console and ``/docs`` in a real browser: Playwright driving Debian's Chromium (``/usr/bin/chromium``,
never a downloaded browser) against the real API and workers on PostgreSQL and Redis, over a fixture web.

One browser and one stack for the module; the tests run in file order and build on each other, as an operator's
session would: sign in, import an OPML file, poll a source and watch its crawl's progress, see a broken source turn
``broken``, replay a failure, read an article, sign out — plus the CSRF and session checks. Set
``NEWSFLOW_CONSOLE_SCREENSHOTS=DIR`` to save the main pages as PNG (docs/console/ was made so).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from tests.support.fixture_web import FixtureWeb, fixture_web
from tests.support.processes import (
    NEWSFLOW,
    ProcessGroup,
    free_port,
    newsflow_env,
    process_group,
    wait_http_ok,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CHROMIUM = "/usr/bin/chromium"
TOKEN = "console-browser-token"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip

if not shutil.which(CHROMIUM):  # CI installs it (.ci/run); a machine without it fails loudly, never skips
    raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")

sync_api = pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")


@dataclass
class Stack:
    api: str
    web: FixtureWeb
    procs: ProcessGroup
    redis_url: str
    shots: Path | None


@pytest.fixture(scope="module")
def stack(redis_url: str, postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    env = newsflow_env(
        database_url=postgres_url, redis_url=redis_url, api_token=TOKEN, allow_private_addresses="true",
        host_delay="0.1", worker_concurrency="1", log_level="INFO", source_broken_failures="1",
    )  # fmt: skip
    subprocess.run([NEWSFLOW, "migrate"], env=env, check=True, timeout=120)
    port = free_port()
    shots = os.environ.get("NEWSFLOW_CONSOLE_SCREENSHOTS")
    with (
        fixture_web(2, first_address=60, articles_per_host=4) as web,
        process_group(tmp_path_factory.mktemp("console")) as procs,
    ):
        procs.start("api", ["api", "--port", str(port)], env)
        api = f"http://127.0.0.1:{port}"
        wait_http_ok(api + "/healthz", timeout=120)
        # The workers start while the first pages are tested (they are needed from the poll on).
        for stage in ("ingest", "enrich", "store"):
            procs.start(stage, ["worker", stage], env)
        yield Stack(api, web, procs, redis_url, Path(shots) if shots else None)


@pytest.fixture(scope="module")
def page(stack: Stack) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.set_default_timeout(20_000)
        # Nothing leaves this machine: any request off the API's origin or the fixture web is refused and noted.
        outside: list[str] = []
        local = re.compile(r"^https?://127\.0\.0\.\d+(:\d+)?/")

        def guard(route: Any) -> None:
            if local.match(route.request.url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.outside = outside
        yield page
        browser.close()


def _shot(stack: Stack, page: Any, name: str) -> None:
    if stack.shots is not None:
        stack.shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(stack.shots / f"{name}.png"), full_page=False)


def _sign_in(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/signin")
    page.get_by_label("API token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console/sources")


def test_docs_render_offline(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "newsflow task API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag", has_text="sources").count() == 1
    assert page.outside == []  # no CDN was even asked


def test_pages_need_a_session_and_a_wrong_token_is_refused(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/crawls")
    assert page.url.endswith("/console/signin")
    _shot(stack, page, "signin")
    page.get_by_label("API token").fill("not-the-token")
    page.get_by_role("button", name="Sign in").click()
    assert "not valid" in page.get_by_role("alert").inner_text()
    assert TOKEN not in page.url and "token" not in page.url


def test_sign_in_and_import_an_opml_file(stack: Stack, page: Any, tmp_path: Path) -> None:
    _sign_in(stack, page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "newsflow_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and TOKEN not in cookie["value"]
    first, second = stack.web.hosts
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="fixture web">'
        f'<outline text="First host" xmlUrl="{first.url("/feed.xml")}" htmlUrl="{first.url("/")}"/>'
        f'<outline text="Second host" xmlUrl="{second.url("/feed.xml")}"/>'
        f'<outline text="Dead feed" xmlUrl="{second.url("/no-such-feed.xml")}"/>'
        "</outline></body></opml>"
    )
    page.get_by_label("Import sources from a CSV or OPML file").set_input_files(str(opml))
    page.get_by_role("button", name="Import", exact=True).click()
    assert "3 created, 0 updated, 0 refused" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Back to sources").click()
    rows = page.locator("tbody tr[data-source]")
    assert rows.count() == 3
    assert page.locator("tr[data-source='First host'] .badge").inner_text() == "live"
    assert "fixture web" in page.locator("tr[data-source='First host']").inner_text()  # the folder is a tag


def test_poll_a_source_and_watch_its_crawl_progress(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/sources")
    page.get_by_role("link", name="First host").click()
    page.get_by_role("button", name="Poll now").click()
    message = page.get_by_role("status").inner_text()
    crawl_id = re.search(r"crawl ([0-9a-f-]{36})", message).group(1)  # type: ignore[union-attr]
    page.goto(f"{stack.api}/console/crawls/{crawl_id}")
    page.evaluate("window.notReloaded = true")
    status = page.get_by_test_id("crawl-status")
    assert status.inner_text() in ("queued", "running")
    # htmx swaps the live part in every two seconds: the same page, new figures.
    # (Locator assertions, not page scripts: the console's Content-Security-Policy forbids eval.)
    sync_api.expect(page.get_by_test_id("count-fetched")).not_to_have_text("0", timeout=90_000)
    sync_api.expect(status).to_have_text("done", timeout=90_000)
    assert page.evaluate("window.notReloaded") is True
    assert int(page.get_by_test_id("count-stored").inner_text()) > 0
    assert "Busiest hosts" in page.content() and stack.web.hosts[0].address in page.content()
    _shot(stack, page, "crawl")
    page.goto(stack.api + "/console/sources")
    row = page.locator("tr[data-source='First host']")
    assert int(row.locator("td").nth(3).inner_text()) > 0  # the new articles counted for the source
    _shot(stack, page, "sources")


def test_a_dead_feed_turns_its_source_broken(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/sources")
    page.get_by_role("link", name="Dead feed").click()
    source_url = page.url
    page.get_by_role("button", name="Poll now").click()
    for _ in range(120):
        page.goto(source_url)
        if page.get_by_test_id("source-status").inner_text() == "broken":
            break
        page.wait_for_timeout(500)
    assert page.get_by_test_id("source-status").inner_text() == "broken", stack.procs.logs()
    assert "failed" in page.content()
    _shot(stack, page, "source")
    page.goto(stack.api + "/console/sources?status=broken")
    assert page.locator("tbody tr[data-source]").count() == 1


def test_replay_a_failure(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/failures")
    page.get_by_role("link", name=re.compile(r"http_status \(\d+\)")).click()
    page.locator("tbody a").first.click()
    assert "no-such-feed.xml" in page.get_by_test_id("payload").inner_text()
    _shot(stack, page, "failure")
    page.get_by_role("button", name="Replay").click()
    assert "Replayed as task" in page.get_by_role("status").inner_text()


def test_read_an_article(stack: Stack, page: Any) -> None:
    page.goto(stack.api + "/console/articles")
    _shot(stack, page, "articles")
    page.locator("tbody a").first.click()
    assert page.get_by_test_id("article-body").inner_text().strip()
    for heading in ("Entities", "Translations", "Provenance"):
        assert page.get_by_role("heading", name=heading).count() == 1
    _shot(stack, page, "article")


def test_a_form_post_without_the_csrf_token_is_refused(stack: Stack, page: Any) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == "newsflow_console")
    jar = {"newsflow_console": cookie["value"]}
    sources = requests.get(
        f"{stack.api}/v1/sources", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    source_id = sources.json()["items"][0]["id"]
    url = f"{stack.api}/console/sources/{source_id}/active"
    refused = requests.post(url, data={"active": "false"}, cookies=jar, timeout=10, allow_redirects=False)
    assert refused.status_code == 403
    wrong = requests.post(
        url, data={"active": "false", "csrf": "x"}, cookies=jar, timeout=10, allow_redirects=False
    )
    assert wrong.status_code == 403
    still = requests.get(
        f"{stack.api}/v1/sources/{source_id}", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert still.json()["active"] is True


def test_an_expired_session_is_sent_to_sign_in_and_sign_out_ends_it(stack: Stack, page: Any) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == "newsflow_console")
    client = redis.Redis.from_url(stack.redis_url)
    client.pexpire(f"newsflow:console:session:{cookie['value']}", 1)  # its idle time runs out now
    page.wait_for_timeout(50)
    page.goto(stack.api + "/console/failures")
    assert page.url.endswith("/console/signin")
    _sign_in(stack, page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/console/signin")
    page.goto(stack.api + "/console/sources")
    assert page.url.endswith("/console/signin")
    assert page.outside == []
