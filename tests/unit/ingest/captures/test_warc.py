"""WARC captures in a local directory: locations, rolling by size, reading back one record and whole files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from newsflow_ingest.captures.s3_store import S3Url
from newsflow_ingest.captures.warc import CaptureLocation, CaptureWriter, iter_responses, read_capture
from newsflow_ingest.fetching.fetcher import FetchResult
from newsflow_shared.config import Settings
from pydantic import ValidationError


def fetched(i: int, size: int = 2000) -> FetchResult:
    body = (f"<html><body><h1>Page {i}</h1>" + "x" * size + "</body></html>").encode()
    return FetchResult(
        url=f"https://news.example/{i}",
        final_url=f"https://news.example/{i}",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        content=body,
        text=None,
        encoding="utf-8",
        content_type="text/html; charset=utf-8",
        elapsed=0.01,
    )


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/data/a.warc.gz#0", CaptureLocation("/data/a.warc.gz", 0)),
        ("/data/x#y.warc.gz#123", CaptureLocation("/data/x#y.warc.gz", 123)),
        ("s3://bucket/p/a.warc.gz#512:2048", CaptureLocation("s3://bucket/p/a.warc.gz", 512, 2048)),
    ],
)
def test_locations_parse(location: str, expected: CaptureLocation) -> None:
    assert CaptureLocation.parse(location) == expected


@pytest.mark.parametrize("location", ["a.warc.gz", "#12", "a.warc.gz#", "a#x", "a#1:", "a#1:y", "a#-1"])
def test_bad_locations_are_refused(location: str) -> None:
    with pytest.raises(ValueError, match="not a capture location"):
        CaptureLocation.parse(location)


def test_s3_urls() -> None:
    assert S3Url.parse("s3://bucket/some/prefix").child("f.warc.gz") == S3Url(
        "bucket", "some/prefix/f.warc.gz"
    )
    assert S3Url.parse("s3://bucket").child("f.warc.gz") == S3Url("bucket", "f.warc.gz")
    for bad in ("http://bucket/x", "s3:///x", "s3://bucket/x#1"):
        with pytest.raises(ValueError):
            S3Url.parse(bad)


@pytest.mark.parametrize("url", ["http://bucket/x", "s3://", "s3:///prefix", "s3://bucket/a b"])
def test_capture_url_setting_must_name_a_bucket(url: str) -> None:
    with pytest.raises(ValidationError, match="capture_url"):
        Settings(capture_url=url)


def test_local_writer_rolls_by_size_and_every_location_reads_back(tmp_path: Path) -> None:
    writer = CaptureWriter(tmp_path, max_bytes=5_000)
    locations = [writer.write(fetched(i)) for i in range(8)]
    writer.close()
    files = sorted(tmp_path.iterdir())
    # Each record pair is ~1.4 kB compressed; a file is closed once past 5 kB, so 8 captures need several.
    assert len(files) >= 2
    assert all(f.stat().st_size < 5_000 + 3_000 for f in files)
    assert {CaptureLocation.parse(loc).where for loc in locations} == {str(f) for f in files}
    for i, location in enumerate(locations):
        capture = read_capture(location)
        assert capture.url == f"https://news.example/{i}" and capture.status == 200
        assert capture.content == fetched(i).content
        # The stored body is decoded: its original encoding header is kept under another name.
        assert capture.headers["x-newsflow-original-content-encoding"] == "gzip"
        assert "content-encoding" not in capture.headers
    listed = [loc for f in files for loc, _ in iter_responses(f)]
    assert listed == locations
    for f in files:  # a standard gzip WARC file: every tool reads it
        assert gzip.decompress(f.read_bytes()).startswith(b"WARC/1.")
