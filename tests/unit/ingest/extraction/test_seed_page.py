"""The seed page (Asharq Al-Awsat English archive, Divi-like WordPress theme) and its companions, end to end.

Fixture choices (tests/fixtures/pages/asharq_seed.html): the author is the organisation "Asharq Al-Awsat"
(JSON-LD ``author`` Organization and a Divi "by Asharq Al-Awsat" byline); published 2016-10-26T10:15:00+03:00,
modified 12:40:31 the same day; section "Middle East"; the caption's credit is split off the caption text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_shared.messages import Image, ParsedArticle

from tests.unit.ingest.extraction.pages import FETCHED

PAGES = Path(__file__).resolve().parents[3] / "fixtures" / "pages"
# The seed article's visible text, copied from the project brief's material into the repo.
SEED_TEXT = Path(__file__).resolve().parents[3] / "fixtures" / "seed" / "000_85525ef3b4fcbc7c.txt"
SEED_URL = (
    "https://eng-archive.aawsat.com/theaawsat/news-middle-east/"
    "u-s-grants-turkey-green-light-liberate-isis-held-raqqa?utm_source=rss"
)
CANONICAL = SEED_URL.split("?", 1)[0]
CAPTION = (
    "Turkey’s Chief of Staff Gen. Hulusi Akar, right, and his Russian counterpart, Gen. Valery Gerasimov, "
    "pose for a photograph before their talks in Akara, Turkey, Thursday, Sept. 15, 2016"
)
FIRST_PARAGRAPH = (
    "Ankara, Moscow – Ankara has been granted Washington’s green light to launch a military operation to "
    "liberate the city of Raqqa – ISIS’ main stronghold in Syria – after the completion of the Mosul "
    "operation."
)
LAST_PARAGRAPH = (
    "Following a visit to Moscow by Turkish President Recep Tayyip Erdogan in August, Turkey and Russia have "
    "formed a tripartite cooperation mechanism, which comprises the two countries’ armies, intelligence "
    "units and foreign ministries, to promote cooperation and exchange military information."
)


def _page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def _seed_paragraphs() -> list[str]:
    """The body paragraphs of the seed: everything after the caption, one paragraph per non-empty line."""
    after_caption = SEED_TEXT.read_text(encoding="utf-8").split("Pool photo)", 1)[1]
    return [line.strip() for line in after_caption.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed() -> ParsedArticle:
    return parse_article(_page("asharq_seed.html"), SEED_URL, fetched_at=FETCHED)


def test_seed_identity_fields(seed: ParsedArticle) -> None:
    assert seed.url == SEED_URL
    assert seed.canonical_url == CANONICAL
    assert seed.title == "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"
    assert seed.site_name == "ASHARQ AL-AWSAT English Archive 2005 -2017"
    assert seed.html_lang == "en-US"
    assert seed.status == "article"
    assert seed.fetched_at == "2024-05-01T12:00:00+00:00"


def test_seed_byline_dates_section(seed: ParsedArticle) -> None:
    # the byline names the publication, not a person: an organisation byline (issue 3), no authors
    assert seed.authors == []
    assert seed.organisation == "Asharq Al-Awsat"
    assert seed.published_at == "2016-10-26T10:15:00+03:00"
    assert seed.modified_at == "2016-10-26T12:40:31+03:00"
    assert seed.section == "Middle East"
    assert seed.dateline == "Ankara, Moscow"
    assert seed.description == (
        "Washington has given Ankara the go-ahead for a military operation to liberate Raqqa, ISIS’ main "
        "stronghold in Syria, once the Mosul operation is completed."
    )


def test_seed_body_is_the_published_text(seed: ParsedArticle) -> None:
    paragraphs = _seed_paragraphs()
    assert len(paragraphs) == 9
    assert paragraphs[0] == FIRST_PARAGRAPH and paragraphs[-1] == LAST_PARAGRAPH
    assert seed.body == "\n\n".join(paragraphs)
    # the dateline stays in the body as published
    assert seed.body.startswith("Ankara, Moscow – Ankara has been granted")


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Most Read",
        "Select Page",
        "Iraqi Forces Enter Outskirts of Mosul",  # a "Most Read" headline
        "Erdogan Says Turkey Will Not Wait",  # a related-articles headline
        "Related Articles",
        "We use cookies",
        "Share this article",
        "Share on Facebook",
        "Email this story",
        "Subscribe to our newsletter",
        "Media ID",
        "Caption",
        "Hulusi Akar, right",
        "AP Photo",
        "Middle-east Arab News Opinion",
        "All rights reserved",
    ],
)
def test_seed_body_has_no_boilerplate(seed: ParsedArticle, boilerplate: str) -> None:
    assert boilerplate not in seed.body


def test_seed_image_caption_credit_and_extras(seed: ParsedArticle) -> None:
    assert seed.images == [
        Image(
            url="https://eng-archive.aawsat.com/wp-content/uploads/2016/10/akar-gerasimov-ankara.jpg",
            caption=CAPTION,
            credit="AP Photo/ Turkish Military, Pool photo",
        )
    ]
    assert seed.extras == {"Media ID": "55361307"}


def test_seed_provenance(seed: ParsedArticle) -> None:
    assert seed.provenance == {
        "canonical_url": "html",
        "title": "jsonld",
        "organisation": "jsonld",
        "published_at": "jsonld",
        "modified_at": "jsonld",
        "section": "jsonld",
        "description": "og",
        "site_name": "og",
        "html_lang": "html",
        "images": "og",
        "extras": "html",
        "body": "html",
        "blocks": "html",
        "dateline": "html",
    }


def test_seed_without_structured_data_falls_back_to_markup() -> None:
    """Strip JSON-LD and article:* meta: the visible byline, date and og tags still give the fields."""
    html = _page("asharq_seed.html")
    start = html.index("<script type='application/ld+json'>")
    html = html[:start] + html[html.index("</script>", start) + len("</script>") :]
    html = "\n".join(
        line for line in html.splitlines() if "article:" not in line and "updated_time" not in line
    )
    parsed = parse_article(html, SEED_URL, fetched_at=FETCHED)
    assert parsed.title == "U.S. Grants Turkey Green Light to Liberate ISIS-Held Raqqa"
    assert parsed.provenance["title"] == "og"
    assert parsed.authors == ["Asharq Al-Awsat"]
    assert parsed.provenance["authors"] == "html"
    assert parsed.published_at == "2016-10-26"
    assert parsed.provenance["published_at"] == "html"
    assert parsed.modified_at is None
    assert parsed.status == "article"
    assert parsed.body == "\n\n".join(_seed_paragraphs())


def test_arabic_edition() -> None:
    url = "https://aawsat.com/home/article/769871/"
    parsed = parse_article(_page("asharq_seed_ar.html"), url, fetched_at=FETCHED)
    assert parsed.title == "واشنطن تمنح أنقرة الضوء الأخضر لتحرير الرقة من «داعش»"
    assert parsed.html_lang == "ar"
    assert parsed.site_name == "الشرق الأوسط"
    # the Hijri date beside it ("25 محرم 1438") is not taken for the Gregorian one
    assert parsed.published_at == "2016-10-26"
    assert parsed.provenance["published_at"] == "html"
    assert parsed.canonical_url == "https://aawsat.com/home/article/769871/"
    assert parsed.dateline == "أنقرة"
    paragraphs = parsed.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("أنقرة: منحت واشنطن أنقرة الضوء الأخضر")
    assert "الأكثر قراءة" not in parsed.body and "القوات العراقية تدخل" not in parsed.body
    assert parsed.status == "article"


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("listing.html", "https://eng-archive.aawsat.com/theaawsat/news-middle-east"),
        ("about.html", "https://eng-archive.aawsat.com/about-us"),
        # the same pages under URLs that say nothing: the page itself must give it away
        ("listing.html", "https://eng-archive.aawsat.com/x1"),
        ("about.html", "https://eng-archive.aawsat.com/x2"),
    ],
)
def test_listing_and_about_pages_are_not_articles(name: str, url: str) -> None:
    parsed = parse_article(_page(name), url, fetched_at=FETCHED)
    assert parsed.status == "not_article"
    assert parsed.site_name == "ASHARQ AL-AWSAT English Archive 2005 -2017"
    assert parsed.title in ("Middle East Archives", "About Us")
