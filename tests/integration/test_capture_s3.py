"""Raw captures in an S3-compatible store: a real S3 HTTP server (moto's, signing enforced) on a local port.

Files are written in the local spool while open and uploaded when rolled or closed; locations name the object and
the record's byte range; ``newsflow reprocess`` reads them back with ranged GETs, never fetching the pages again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsflow_ingest.captures.s3_store import CaptureStoreError, S3CaptureStore, S3Options
from newsflow_ingest.captures.warc import (
    SPOOL_SUFFIX,
    CaptureLocation,
    CaptureWriter,
    capture_writer,
    iter_responses,
    read_capture,
)
from newsflow_shared.config import Settings, get_settings
from newsflow_shared.db import make_engine, make_sessionmaker, session_scope
from newsflow_shared.messages import CrawlRequest
from newsflow_shared.models import Article
from sqlalchemy import select

from newsflow.cli import main
from newsflow.import_warc_command import import_warcs
from newsflow.reprocess_command import reprocess
from newsflow.runner import EmbeddedRunner
from tests.support.fixture_web import fixture_web
from tests.support.s3_server import S3Server, s3_server
from tests.unit.ingest.captures.test_warc import fetched

LOCATION = re.compile(r"^s3://captures/crawls/newsflow-\d{14}-[^/]+-\d+-\d{5}\.warc\.gz#\d+:\d+$")


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        server.client().create_bucket(Bucket="captures")
        yield server


@pytest.fixture(autouse=True)
def _no_instance_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    # boto3 asks the EC2 metadata address for credentials when none are given: never from a test.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/newsflow-test-credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/newsflow-test-config")


def _settings(tmp_path: Path, s3: S3Server, prefix: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp_path / 'crawl'}.db",
        "allow_private_addresses": True,
        "host_delay": 0.0,
        "task_max_retries": 0,
        "capture_dir": str(tmp_path / "spool"),
        **s3.settings(f"s3://captures/{prefix}"),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _store(s3: S3Server, prefix: str) -> S3CaptureStore:
    return S3CaptureStore(
        f"s3://captures/{prefix}", S3Options.from_settings(_settings(Path("/"), s3, prefix))
    )


def test_files_roll_by_size_upload_when_closed_and_read_back_by_range(tmp_path: Path, s3: S3Server) -> None:
    spool = tmp_path / "spool"
    writer = CaptureWriter(spool, max_bytes=5_000, store=_store(s3, "crawls"))
    locations = [writer.write(fetched(i)) for i in range(8)]
    assert all(LOCATION.match(loc) for loc in locations), locations
    # Rolled files are in the store already; only the open one waits in the spool.
    assert len(list(spool.iterdir())) == 1 and next(spool.iterdir()).name.endswith(SPOOL_SUFFIX)
    assert len(s3.keys("captures", "crawls/")) == len(writer.uploaded) >= 1
    writer.close()
    assert list(spool.iterdir()) == []
    keys = s3.keys("captures", "crawls/")
    assert len(keys) >= 2 and keys == sorted(u.removeprefix("s3://captures/") for u in writer.uploaded)
    assert {CaptureLocation.parse(loc).where for loc in locations} == set(writer.uploaded)
    for i, location in enumerate(locations):
        capture = read_capture(location, _settings(tmp_path, s3, "crawls"))
        assert capture.url == f"https://news.example/{i}" and capture.content == fetched(i).content
    # A whole object streamed: the same locations, lengths included.
    settings = _settings(tmp_path, s3, "crawls")
    assert [loc for url in writer.uploaded for loc, _ in iter_responses(url, settings)] == locations
    # A location without its length is read with an open-ended range: only the first record is used.
    where, offset = CaptureLocation.parse(locations[1]).where, CaptureLocation.parse(locations[1]).offset
    assert read_capture(f"{where}#{offset}", settings).content == fetched(1).content


def test_crawl_captures_go_to_the_store_and_reprocess_never_fetches(tmp_path: Path, s3: S3Server) -> None:
    settings = _settings(tmp_path, s3, "crawl", capture_max_bytes=20_000)
    with fixture_web(2, articles_per_host=5, first_address=90) as web:
        request = CrawlRequest(seeds=[h.url("/robots.txt") for h in web.hosts], mode="sitemap", max_pages=100)
        summary = EmbeddedRunner(settings, enrich=False).crawl(request)
        assert summary.status == "done" and len(summary.stored_ids) == 10
        requests_after_crawl = len(web.all_requests())

        engine = make_engine(settings.database_url)
        with session_scope(make_sessionmaker(engine)) as session:
            rows = session.execute(select(Article.url, Article.capture)).all()
        engine.dispose()
        assert len(rows) == 10
        assert all(capture.startswith("s3://captures/crawl/newsflow-") for _, capture in rows)
        keys = s3.keys("captures", "crawl/")
        assert len(keys) >= 2  # rolled by size: ~60 kB of captures in 20 kB files
        assert {CaptureLocation.parse(c).where.removeprefix("s3://captures/") for _, c in rows} <= set(keys)
        assert list((tmp_path / "spool").iterdir()) == []  # all uploaded when the crawl ended
        for url, location in rows:
            assert read_capture(location, settings).url == url

        again = reprocess(settings, enrich=False)
        assert again.counts.seen == 10 and again.counts.stored == 10 and again.counts.failed == 0
        assert len(web.all_requests()) == requests_after_crawl  # the fixture web saw nothing more

        assert len(web.all_requests()) == requests_after_crawl


def test_newsflow_reprocess_reads_the_store_its_settings_name(
    tmp_path: Path, s3: S3Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings(tmp_path, s3, "cli")
    with fixture_web(1, articles_per_host=3, first_address=92) as web:
        host = web.hosts[0]
        request = CrawlRequest(seeds=[host.url(p) for p in host.article_paths()], mode="article")
        assert len(EmbeddedRunner(settings, enrich=False).crawl(request).stored_ids) == 3
        seen = len(web.all_requests())
        for name, value in s3.settings("s3://captures/cli").items():
            monkeypatch.setenv(f"NEWSFLOW_{name.upper()}", str(value))
        assert main(["reprocess", "--db", settings.database_url, "--no-enrich"]) == 0
        assert "reprocessed 3 captures: 3 stored" in capsys.readouterr().out
        # Refused credentials: said once, not once per capture, and nothing is fetched instead.
        monkeypatch.setenv("NEWSFLOW_CAPTURE_S3_SECRET_ACCESS_KEY", "wrong")
        get_settings.cache_clear()
        assert main(["reprocess", "--db", settings.database_url, "--no-enrich"]) == 1
        err = capsys.readouterr().err
        assert err.count("credentials were refused") == 1 and "SignatureDoesNotMatch" in err
        assert len(web.all_requests()) == seen


def test_a_spool_file_left_by_a_dead_process_is_uploaded_by_the_next_writer(
    tmp_path: Path, s3: S3Server
) -> None:
    spool = tmp_path / "spool"
    script = f"""
import os, sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
from newsflow_ingest.captures.s3_store import S3CaptureStore, S3Options
from newsflow_ingest.captures.warc import CaptureWriter
from tests.unit.ingest.captures.test_warc import fetched
options = S3Options({s3.endpoint_url!r}, "us-east-1", {s3.access_key_id!r}, {s3.secret_access_key!r})
writer = CaptureWriter({str(spool)!r}, store=S3CaptureStore("s3://captures/orphans", options))
print(writer.write(fetched(7)), flush=True)
os._exit(0)  # dies without closing: no upload
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    location = done.stdout.strip()
    assert [p.name.endswith(SPOOL_SUFFIX) for p in spool.iterdir()] == [True]
    assert s3.keys("captures", "orphans/") == []
    settings = _settings(tmp_path, s3, "orphans")
    with pytest.raises(CaptureStoreError, match="no such object"):
        read_capture(location, settings)

    writer = capture_writer(settings)  # starting on the same spool uploads what nobody holds
    assert writer is not None and list(spool.iterdir()) == []
    assert read_capture(location, settings).content == fetched(7).content
    writer.close()


def test_a_failed_upload_stays_in_the_spool_and_is_retried(tmp_path: Path, s3: S3Server) -> None:
    s3.client().create_bucket(Bucket="flaky")
    spool = tmp_path / "spool"
    options = S3Options.from_settings(_settings(tmp_path, s3, "x"))
    writer = CaptureWriter(spool, store=S3CaptureStore("s3://flaky/p", options))
    location = writer.write(fetched(1))
    s3.client().delete_bucket(Bucket="flaky")  # the store goes away under the writer
    with pytest.raises(CaptureStoreError, match=r"could not be uploaded .* stay in"):
        writer.close()
    assert len(list(spool.iterdir())) == 1
    s3.client().create_bucket(Bucket="flaky")
    CaptureWriter(spool, store=S3CaptureStore("s3://flaky/p", options)).close()
    assert list(spool.iterdir()) == []
    assert read_capture(location, _settings(tmp_path, s3, "x")).content == fetched(1).content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"capture_url": "s3://no-such-bucket/p"},
            "bucket 'no-such-bucket' does not exist at http://127.0.0.1",
        ),
        ({"capture_s3_secret_access_key": "wrong"}, "credentials were refused .*SignatureDoesNotMatch"),
        (
            {"capture_s3_access_key_id": "AKIAUNKNOWN000000000"},
            "credentials were refused .*InvalidAccessKeyId",
        ),
        ({"capture_s3_access_key_id": None, "capture_s3_secret_access_key": None}, "no S3 credentials"),
        ({"capture_s3_secret_access_key": None}, "set both NEWSFLOW_CAPTURE_S3_ACCESS_KEY_ID"),
        ({"capture_s3_endpoint_url": "http://127.0.0.1:9"}, "endpoint http://127.0.0.1:9 does not answer"),
    ],
)
def test_bad_bucket_credentials_or_endpoint_are_explained_before_crawling(
    tmp_path: Path, s3: S3Server, overrides: dict[str, object], message: str
) -> None:
    settings = _settings(tmp_path, s3, "p", **overrides)
    with pytest.raises(CaptureStoreError, match=message):
        capture_writer(settings)


def test_newsflow_crawl_exits_2_with_the_reason_when_the_bucket_is_missing(
    tmp_path: Path, s3: S3Server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in s3.settings("s3://missing-bucket/x").items():
        monkeypatch.setenv(f"NEWSFLOW_{name.upper()}", str(value))
    with fixture_web(1, articles_per_host=1, first_address=93) as web:
        code = main(["crawl", web.hosts[0].url("/"), "--db", f"sqlite:///{tmp_path / 'c.db'}", "--quiet"])
        assert web.all_requests() == []  # refused before anything is fetched
    assert code == 2
    assert "newsflow crawl: cannot use the capture bucket" in capsys.readouterr().err


def test_reprocess_reports_a_capture_missing_from_the_store(tmp_path: Path, s3: S3Server) -> None:
    settings = _settings(tmp_path, s3, "gone")
    with fixture_web(1, articles_per_host=2, first_address=94) as web:
        host = web.hosts[0]
        request = CrawlRequest(seeds=[host.url(p) for p in host.article_paths()], mode="article")
        EmbeddedRunner(settings, enrich=False).crawl(request)
    client = s3.client()
    for key in s3.keys("captures", "gone/"):
        client.delete_object(Bucket="captures", Key=key)
    again = reprocess(settings, enrich=False)
    assert again.counts.failed == 2 and again.counts.stored == 0


def test_import_warc_reads_objects_of_the_store(tmp_path: Path, s3: S3Server) -> None:
    """WARC files already in the bucket (here: a crawl's captures) are imported into another database by their
    s3:// URLs, through the same parse → store pipeline, without fetching anything."""
    crawl_settings = _settings(tmp_path, s3, "to-import", capture_max_bytes=20_000)
    with fixture_web(1, articles_per_host=4, first_address=95) as web:
        request = CrawlRequest(seeds=[web.hosts[0].url("/robots.txt")], mode="sitemap", max_pages=50)
        assert len(EmbeddedRunner(crawl_settings, enrich=False).crawl(request).stored_ids) == 4
        requests_after_crawl = len(web.all_requests())
        objects = [f"s3://captures/{key}" for key in s3.keys("captures", "to-import/")]
        assert objects

        import_settings = _settings(
            tmp_path, s3, "unused", database_url=f"sqlite:///{tmp_path / 'import'}.db"
        )
        imported = import_warcs(
            import_settings, [*objects, "s3://captures/to-import/missing.warc.gz"], enrich=False
        )
        assert imported.counts.stored == 4
        assert imported.counts.failed == 1  # the missing object is reported and skipped, the rest imported
        assert len(web.all_requests()) == requests_after_crawl
        engine = make_engine(import_settings.database_url)
        with session_scope(make_sessionmaker(engine)) as session:
            captures = list(session.scalars(select(Article.capture)))
        engine.dispose()
        assert len(captures) == 4 and all(c and c.startswith("s3://captures/to-import/") for c in captures)
