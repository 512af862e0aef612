"""Site profiles: loading and validating TOML files, domain matching, and what a profile changes in a parse."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.profiles import (
    BUILTIN_DIR,
    ProfileError,
    ProfileSet,
    load_profile,
    load_profiles,
    use_profiles,
)

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SEED_URL = "https://eng-archive.aawsat.com/theaawsat/news-middle-east/u-s-grants-turkey-green-light-liberate-isis-held-raqqa"
PROSE = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes to the suburbs. " * 3
)


@pytest.fixture
def profiles() -> Iterator[None]:
    """The shipped profiles active for one test; afterwards back to the settings' (none by default)."""
    use_profiles(load_profiles("builtin"))
    yield
    use_profiles(ProfileSet())


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles_load_and_match_their_domains() -> None:
    loaded = load_profiles("builtin")
    assert len(loaded.profiles) == len(list(BUILTIN_DIR.glob("*.toml"))) >= 3
    asharq = loaded.for_url(SEED_URL)
    assert asharq is not None and asharq.name == "Asharq Al-Awsat English archive"
    assert loaded.for_url("https://aawsat.com/node/1") is None  # the Arabic site is another layout
    assert loaded.for_url("not a url") is None


def test_most_specific_domain_wins(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", 'domains = ["example.com"]\n[fields.title]\ncss = "h1"\n')
    _write(tmp_path, "b.toml", 'name = "news"\ndomains = ["news.example.com"]\n[fields.title]\ncss = "h2"\n')
    loaded = load_profiles(tmp_path)
    assert loaded.for_url("https://www.news.example.com/x").name == "news"  # type: ignore[union-attr]
    assert loaded.for_url("https://example.com/x").name == "a"  # type: ignore[union-attr]
    assert loaded.for_url("https://notexample.com/x") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("domains = [", "bad.toml"),
        ('[fields.title]\ncss = "h1"\n', "domains"),
        ('domains = ["x.test"]\n[fields.byline]\ncss = "p"\n', "unknown field"),
        ('domains = ["x.test"]\n[fields.title]\ncss = "h1"\nxpath = "//h1"\n', "exactly one"),
        ('domains = ["x.test"]\n[fields.title]\ncss = "h1[["\n', "invalid css"),
        ('domains = ["x.test"]\n[fields.title]\nxpath = "//h1["\n', "invalid xpath"),
        ('domains = ["x.test"]\n[remove]\ncss = "h1"\n', "lists of strings"),
    ],
)
def test_bad_profiles_are_refused_with_a_reason(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(ProfileError, match=message):
        load_profile(path)
    assert load_profiles(tmp_path).profiles == ()  # skipped, not fatal


def test_seed_with_the_asharq_profile(profiles: None) -> None:
    parsed = parse_article(
        (PAGES / "asharq_seed.html").read_text(encoding="utf-8"), SEED_URL, fetched_at=FETCHED
    )
    assert parsed.title == "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"
    assert parsed.organisation == "Asharq Al-Awsat" and parsed.authors == []
    assert parsed.section == "Middle East"
    assert parsed.body.startswith("Ankara, Moscow – Ankara has been granted")
    assert "Media ID" not in parsed.body and "Share this article" not in parsed.body
    assert parsed.published_at == "2016-10-26T10:15:00+03:00"  # the profile leaves dates to the JSON-LD
    assert {parsed.provenance[f] for f in ("title", "organisation", "section", "body", "blocks")} == {
        "profile"
    }
    assert parsed.provenance["published_at"] == "jsonld"
    assert all(block.type == "paragraph" for block in parsed.blocks) and len(parsed.blocks) == 9


def test_profile_fields_removals_and_xpath_attributes(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "x.toml",
        """
domains = ["x.test"]
[remove]
css = [".promo"]
[fields.title]
xpath = "//div[@class='hed']"
[fields.published_at]
xpath = "//span[@class='when']/@data-ts"
[fields.tags]
css = "ul.topics a"
[fields.authors]
css = ".who"
[fields.body]
css = ".story > p, .story > h2, .story li, .story blockquote"
""",
    )
    html = (
        "<html><head><title>Wrong</title></head><body><div class='hed'>Right headline</div>"
        "<span class='who'>By Jane Doe</span><span class='when' data-ts='2024-04-02T08:00:00+02:00'>Tue</span>"
        f"<div class='story'><p>{PROSE}</p><div class='promo'><p>Subscribe now</p></div><h2>Part two</h2>"
        f"<ul><li>first point</li></ul><blockquote>A quote.</blockquote><p>{PROSE}</p></div>"
        "<ul class='topics'><a>Transport</a><a>City</a><a>transport</a></ul></body></html>"
    )
    use_profiles(load_profiles(tmp_path))
    try:
        parsed = parse_article(html, "https://www.x.test/story", fetched_at=FETCHED)
    finally:
        use_profiles(ProfileSet())
    assert parsed.title == "Right headline"
    assert parsed.authors == ["Jane Doe"]
    assert parsed.published_at == "2024-04-02T08:00:00+02:00"
    assert parsed.tags == ["Transport", "City"]
    assert [(b.type, b.text[:9]) for b in parsed.blocks] == [
        ("paragraph", "The counc"),
        ("heading", "Part two"),
        ("list_item", "first poi"),
        ("quote", "A quote."),
        ("paragraph", "The counc"),
    ]
    assert "Subscribe" not in parsed.body
    assert {parsed.provenance[f] for f in ("title", "authors", "published_at", "tags", "body")} == {"profile"}


def test_a_rule_that_matches_nothing_leaves_the_general_extraction(tmp_path: Path) -> None:
    _write(tmp_path, "x.toml", 'domains = ["x.test"]\n[fields.title]\ncss = "h1.nowhere"\n')
    use_profiles(load_profiles(tmp_path))
    try:
        parsed = parse_article(
            f"<html><body><h1>Buses</h1><p>{PROSE}</p></body></html>", "https://x.test/a/b-c-d-e"
        )
    finally:
        use_profiles(ProfileSet())
    assert parsed.title == "Buses" and parsed.provenance["title"] == "html"
