"""Dates printed without a year ("Published 12 March, 14:30", "12.3. klo 14.30") and the Baltic written dates
("2024 m. kovo 12 d.", "2024. gada 12. martā").

A year-less date is read only when nothing else dates the page, beside the headline (a stamp of its own or
after a publication label), with the year of the fetch, and only when the page itself shows that year (a
copyright year, another full date, the year in the address): an archived page fetched years later must not
get the fetch's year. Update labels, related-story lists and scores in prose are no publication.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.dates import parse_date, written_dates

from tests.unit.ingest.extraction.pages import PROSE

FETCHED = datetime(2024, 3, 20, 9, 0, tzinfo=UTC)
HEADLINE = "Council expands the bus network to the northern suburbs"


def _page(
    line: str, lang: str, *, footer: str = "© 2024 Example Media", after: str = "", paragraphs: int = 2
) -> str:
    return (
        f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"<div class='date'>{line}</div>{f'<p>{PROSE}</p>' * paragraphs}</article>{after}"
        f"<footer><p>{footer}</p></footer></body></html>"
    )


def _published(html: str, url: str, fetched: datetime = FETCHED) -> str | None:
    return parse_article(html, url, fetched_at=fetched).published_at


@pytest.mark.parametrize(
    ("line", "lang", "domain", "expected"),
    [
        ("Published 12 March, 14:30", "en", "co.uk", "2024-03-12T14:30"),
        ("March 12, 2:30 PM", "en", "com", "2024-03-12T14:30"),
        ("Veröffentlicht am 12. März, 14:30 Uhr", "de", "de", "2024-03-12T14:30"),
        ("12.03., 14:30 Uhr", "de", "de", "2024-03-12T14:30"),
        ("Julkaistu 12.3. klo 14.30", "fi", "fi", "2024-03-12T14:30"),
        ("Publié le 12 mars à 14h30", "fr", "fr", "2024-03-12T14:30"),
        ("Publicado el 12 de marzo, 14:30", "es", "es", "2024-03-12T14:30"),
        ("Pubblicato il 12 marzo ore 14:30", "it", "it", "2024-03-12T14:30"),
        ("Publicado em 12 de março às 14h30", "pt", "pt", "2024-03-12T14:30"),
        ("Gepubliceerd op 12 maart, 14:30", "nl", "nl", "2024-03-12T14:30"),
        ("Opublikowano: 12 marca, 14:30", "pl", "pl", "2024-03-12T14:30"),
        ("Опубликовано: 12 марта в 14:30", "ru", "ru", "2024-03-12T14:30"),
        ("12 Mart 14:30", "tr", "com.tr", "2024-03-12T14:30"),
        ("公開日：3月12日 14:30", "ja", "jp", "2024-03-12T14:30"),
        ("12 March", "en", "co.uk", "2024-03-12"),
        ("Paskelbta kovo 12 d. 14:30", "lt", "lt", "2024-03-12T14:30"),
        ("Publicēts 12. martā 14:30", "lv", "lv", "2024-03-12T14:30"),
    ],
)
def test_a_year_less_date_beside_the_headline_takes_the_fetch_year(
    line: str, lang: str, domain: str, expected: str
) -> None:
    published = _published(_page(line, lang), f"https://www.example.{domain}/news/council-bus-network")
    assert published is not None and published.startswith(expected)


def test_a_date_later_in_the_year_than_the_fetch_is_last_year_s() -> None:
    html = _page("Published 28 December, 09:15", "en", footer="© 2023 Example Media")
    assert _published(html, "https://www.example.co.uk/news/story").startswith("2023-12-28T09:15")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("footer", "url"),
    [
        ("Copyright © 2010–2024 Example Media", "https://www.example.co.uk/news/story"),
        ("Other news: budget passed on 3 January 2024.", "https://www.example.co.uk/news/story"),
        ("Example Media", "https://www.example.co.uk/2024/news/story"),
    ],
)
def test_the_year_is_shown_by_a_copyright_another_date_or_the_address(footer: str, url: str) -> None:
    html = _page("Published 12 March, 14:30", "en", footer=footer, paragraphs=5)
    assert (_published(html, url) or "").startswith("2024-03-12T14:30")


def test_an_archived_page_without_evidence_of_the_year_gets_no_date() -> None:
    html = _page("Published 12 March, 14:30", "en", footer="© 2012 Example Media")
    assert _published(html, "https://www.example.co.uk/news/story", datetime(2026, 12, 6, tzinfo=UTC)) is None
    bare = _page("Published 12 March, 14:30", "en", footer="Example Media")
    assert _published(bare, "https://www.example.co.uk/news/story") is None


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Updated 12 March, 14:30", "en"),
        ("Aktualisiert am 12.03., 14:30 Uhr", "de"),
        ("Päivitetty 12.3. klo 14.30", "fi"),
    ],
)
def test_an_update_label_is_no_publication(line: str, lang: str) -> None:
    assert _published(_page(line, lang), "https://www.example.com/news/story") is None


def test_a_year_less_date_in_a_related_stories_list_is_not_the_article_s() -> None:
    related = (
        "<aside class='related'><h2>More stories</h2><ul><li><a href='/a'>Mayor opens the new library</a>"
        "<span>11 March</span></li><li><a href='/b'>Rail strike called off</a><span>10 March</span></li></ul></aside>"
    )
    html = _page("By Jane Smith", "en", after=related)
    assert _published(html, "https://www.example.co.uk/news/story") is None


def test_a_score_in_sports_prose_is_no_date() -> None:
    html = _page(
        "Von Max Mustermann",
        "de",
    ).replace(
        f"<p>{PROSE}</p>",
        "<p>Nach dem dritten Viertel stand es 12.3. für die Gastgeber, die danach den Vorsprung bis zum Ende "
        "souverän verwalteten und verdient gewannen.</p>",
        1,
    )
    assert _published(html, "https://www.example.de/sport/basketball") is None


def test_a_declared_date_keeps_priority() -> None:
    html = _page("Published 12 March, 14:30", "en").replace(
        "</head>", "<meta property='article:published_time' content='2024-03-10T08:00:00Z'></head>"
    )
    assert _published(html, "https://www.example.co.uk/news/story") == "2024-03-10T08:00:00+00:00"


@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        ("Paskelbta 2024 m. kovo 12 d. 14:30", "lt", "2024-03-12T14:30"),
        ("2024 m. gegužės 3 d. 09:05 val.", "lt", "2024-05-03T09:05"),
        ("Publicēts 2024. gada 12. martā 14:30", "lv", "2024-03-12T14:30"),
        ("2024. gada 3. maijā", "lv", "2024-05-03"),
    ],
)
def test_lithuanian_and_latvian_written_dates(line: str, lang: str, expected: str) -> None:
    html = _page(line, lang, footer="Example Media")
    published = _published(html, f"https://www.example.{lang}/news/story", datetime(2026, 12, 6, tzinfo=UTC))
    assert published is not None and published.startswith(expected)


def test_baltic_dates_are_read_as_written_dates() -> None:
    assert [w for w, _ in written_dates("Paskelbta 2024 m. kovo 12 d. 14:30")] == ["2024 m. kovo 12 d. 14:30"]
    parsed = parse_date("2024. gada 12. martā 14:30", languages=["lv"])
    assert parsed is not None and parsed.iso() == "2024-03-12T14:30:00"
    updated = written_dates("Atjaunināts 2024. gada 13. martā 10:00")
    assert updated and updated[0][1]


@pytest.mark.parametrize(
    "lines",
    [
        ["during the finale of the show on Thursday, March 14."],  # a sentence's day, not a stamp
        ["Week 12", "Week 11"],  # no month: a season's weeks
        ["1a etapa: 10 de março – Interlagos", "2a etapa: 8 de abril – Curitiba"],  # a schedule
        ["米インテルは3月12日、イベントを"],  # a Japanese sentence's day
    ],
)
def test_days_in_sentences_lists_and_words_that_are_no_month_are_not_stamps(lines: list[str]) -> None:
    html = _page("</div><div>".join(lines), "en")
    assert _published(html, "https://www.example.com/news/story") is None
