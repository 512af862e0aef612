"""CSV, OPML and schedule-file imports: every readable row becomes a source spec, a bad one is reported with its
place and does not stop the others."""

from __future__ import annotations

import pytest
from newsflow_crawl.sources.imports import parse_csv, parse_opml, parse_schedule_toml, parse_source_file

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Gulf">
      <outline text="Gulf Ledger" type="rss" xmlUrl="https://gulf.example/feed/" htmlUrl="https://gulf.example/"
               category="/business,economy"/>
      <outline text="Broken one" type="rss" xmlUrl="ftp://nope.example/feed"/>
    </outline>
    <outline title="Wire" type="rss" xmlUrl="https://wire.example/rss.xml" language="ar"/>
  </body>
</opml>
"""


def test_opml_outlines_become_sources_with_folder_tags() -> None:
    parsed = parse_opml(OPML)
    by_name = {spec.name: spec for spec in parsed.specs}
    assert set(by_name) == {"Gulf Ledger", "Wire"}
    gulf = by_name["Gulf Ledger"]
    assert gulf.feeds == ["https://gulf.example/feed/"] and gulf.homepage == "https://gulf.example/"
    assert gulf.tags == ["Gulf", "business", "economy"] and gulf.mode == "feed"
    assert gulf.interval_minutes == 60.0  # the default schedule
    assert by_name["Wire"].languages == ["ar"]
    ((error),) = parsed.errors
    assert "Broken one" in error["where"] and "http(s)" in error["error"]


def test_opml_with_an_entity_bomb_is_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body>&a;</body></opml>'
    with pytest.raises(ValueError):
        parse_opml(bomb)


def test_csv_rows_with_lists_and_schedules() -> None:
    text = (
        "name,homepage,feeds,tags,interval_minutes,cron,active\n"
        "A,https://a.example/,https://a.example/rss|https://a.example/atom,x y,15,,true\n"
        "B,https://b.example/,,,,0 6 * * *,no\n"
        "C,,,,,,\n"
        "D,https://d.example/,,,,not a cron,\n"
    )
    parsed = parse_csv(text)
    a, b = parsed.specs
    assert a.feeds == ["https://a.example/rss", "https://a.example/atom"] and a.tags == ["x", "y"]
    assert a.interval_minutes == 15 and a.cron is None and a.active
    assert b.cron == "0 6 * * *" and b.interval_minutes is None and not b.active
    assert [e["where"] for e in parsed.errors] == ["line 4", "line 5"]


def test_csv_without_a_name_column_is_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        parse_csv("url\nhttps://a.example/\n")


def test_file_kind_by_name_or_content() -> None:
    assert parse_source_file(OPML.encode()).specs
    assert parse_source_file(b"name,feeds\nA,https://a.example/rss\n", "list.csv").specs[0].name == "A"


def test_schedule_file_entries_become_sources() -> None:
    parsed = parse_schedule_toml(
        '[[crawl]]\nname = "feeds"\nevery_minutes = 15\nseeds = ["https://n.example/feed/"]\nmode = "feed"\n'
        '[[crawl]]\nname = "maps"\nevery_minutes = 60\nseeds = ["https://n.example/news-sitemap.xml"]\n'
        'mode = "sitemap"\n'
    )
    feeds, maps = parsed.specs
    assert feeds.feeds == ["https://n.example/feed/"] and feeds.interval_minutes == 15
    assert maps.sitemaps == ["https://n.example/news-sitemap.xml"] and maps.mode == "sitemap"


def test_unreadable_csv_and_control_characters_are_refused() -> None:
    with pytest.raises(ValueError, match="CSV import"):  # a field over csv's size limit
        parse_source_file(b'name,feeds\n"' + b"x" * 200_000 + b'",https://a.example/rss\n', "x.csv")
    nul = parse_source_file(b"name,feeds\nA\x00,https://a.example/rss\n", "x.csv")
    assert not nul.specs and nul.errors[0]["where"] == "line 2"
    parsed = parse_csv("name,feeds,tags\nA,https://a.example/rss,ok\x07bell\n")
    assert not parsed.specs and "control characters" in parsed.errors[0]["error"]
