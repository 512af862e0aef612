"""The publisher-held-out split of the extraction dev sets (benchmarks/extraction/splits.py, issue 15)."""

from __future__ import annotations

from benchmarks.extraction.splits import publisher_key, registrable_domain, split_of


def test_pages_of_one_publisher_share_a_key_whatever_the_host() -> None:
    assert registrable_domain("https://news.bbc.co.uk/a") == registrable_domain("https://www.bbc.co.uk/b")
    assert registrable_domain("https://edition.cnn.com/x") == "cnn.com"
    assert registrable_domain("https://www.asahi.co.jp/x") == "asahi.co.jp"


def test_a_page_without_url_is_keyed_by_its_canonical_address_or_its_file_name() -> None:
    canonical = "<html><head><link rel='canonical' href='https://www.nytimes.com/2019/a.html'></head></html>"
    assert publisher_key(None, canonical, "mozilla-readability/nytimes-3") == "nytimes.com"
    assert publisher_key(None, "<html></html>", "mozilla-readability/ars-1.html.gz") == "name:ars"
    assert publisher_key(None, "<html></html>", "x/ars-2") == publisher_key(None, "", "y/ars-1")


def test_the_split_is_a_fixed_function_of_the_publisher_holding_out_about_a_third() -> None:
    publishers = [f"site{i}.example" for i in range(1000)]
    splits = [split_of(p) for p in publishers]
    assert splits == [split_of(p) for p in publishers]
    assert 0.25 < splits.count("check") / len(splits) < 0.35
    assert set(splits) == {"check", "dev"}
