"""Issue 15, ninth pass: dates as pages in German, French, Spanish, Portuguese and Italian state them, and the
UTC offset a page's country implies when nothing on the page states one."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED

PROSE = (
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern und vier neue Linien einzurichten, die "
    "die nördlichen Vororte mit dem Klinikviertel und dem Campus der Universität verbinden."
)


def _page(lang: str, byline: str, head: str = "") -> str:
    return (
        f"<html lang='{lang}'><head><title>Neue Buslinien</title>{head}</head><body><article>"
        f"<h1>Neue Buslinien</h1><p class='date'>{byline}</p><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "url", "shown", "expected"),
    [
        # a country whose every tz-database zone has one offset, and the page in one of its official languages
        (
            "de",
            "https://zeitung.de/a/1",
            "Veröffentlicht am 3. März 2024, 14:05 Uhr",
            "2024-03-03T14:05:00+01:00",
        ),
        (
            "de",
            "https://zeitung.de/a/1",
            "Veröffentlicht am 3. April 2024, 14:05 Uhr",
            "2024-04-03T14:05:00+02:00",
        ),
        ("de-AT", "https://zeitung.at/a/1", "03.03.2024, 14:05 Uhr", "2024-03-03T14:05:00+01:00"),
        ("fr", "https://journal.fr/a/1", "Publié le 3 mars 2024 à 14h05", "2024-03-03T14:05:00+01:00"),
        ("fr", "https://journal.ch/a/1", "Publié le 3 juillet 2023 à 14h05", "2023-07-03T14:05:00+02:00"),
        ("it", "https://giornale.it/a/1", "3 marzo 2024 ore 14:05", "2024-03-03T14:05:00+01:00"),
        ("en", "https://paper.co.uk/a/1", "3 March 2024, 14:05", "2024-03-03T14:05:00+00:00"),
        # no evidence: a generic name, a language the country does not speak officially, a generic-use ccTLD,
        # a country across offsets (Spain's Canaries, Portugal's Azores), a day alone
        ("de", "https://zeitung.com/a/1", "3. März 2024, 14:05 Uhr", "2024-03-03T14:05:00"),
        ("en", "https://zeitung.de/a/1", "3 March 2024, 14:05", "2024-03-03T14:05:00"),
        ("en", "https://news.tv/a/1", "3 March 2024, 14:05", "2024-03-03T14:05:00"),
        ("es", "https://diario.es/a/1", "3 de marzo de 2024, 14:05", "2024-03-03T14:05:00"),
        ("pt", "https://jornal.pt/a/1", "3 de março de 2024, 14:05", "2024-03-03T14:05:00"),
        ("de", "https://zeitung.de/a/1", "3. März 2024", "2024-03-03"),
    ],
)
def test_a_local_time_takes_the_offset_of_its_pages_country(
    lang: str, url: str, shown: str, expected: str
) -> None:
    # A time printed without zone is the publisher's wall clock. The page's country (its country-code domain)
    # names the clock only when every zone of that country has the same offset at that date and the page is in
    # one of the country's official languages (an English edition of a German site may be run from anywhere).
    assert parse_article(_page(lang, shown), url, fetched_at=FETCHED).published_at == expected


def test_a_utc_declaration_is_expressed_in_its_pages_country_offset() -> None:
    # La Gazzetta del Mezzogiorno: JSON-LD "2020-12-05T23:15:00Z", the page prints "6 dicembre 2020": the same
    # instant on the 6th in Italy. The instant stays; the day and clock are the publisher's.
    ld = '{"@type":"NewsArticle","headline":"Neue Buslinien","datePublished":"2020-12-05T23:15:00Z"}'
    head = f"<script type='application/ld+json'>{ld}</script>"
    page = _page("it", "6 dicembre 2020", head)
    assert parse_article(page, "https://giornale.it/a/1", fetched_at=FETCHED).published_at == (
        "2020-12-06T00:15:00+01:00"
    )
    # no country evidence: the instant as declared
    assert parse_article(page, "https://giornale.com/a/1", fetched_at=FETCHED).published_at == (
        "2020-12-05T23:15:00+00:00"
    )
    # a page that prints the UTC clock shows UTC: nothing is changed
    utc_page = _page("it", "5 dicembre 2020, 23:15", head)
    assert parse_article(utc_page, "https://giornale.it/a/1", fetched_at=FETCHED).published_at == (
        "2020-12-05T23:15:00+00:00"
    )


@pytest.mark.parametrize(
    ("lang", "shown", "expected"),
    [
        # French writes the first of the month as an ordinal, "1er"; Spanish and Portuguese "1º"
        ("fr", "Publié le 1er mars 2024 à 14h05", "2024-03-01T14:05:00"),
        ("es", "Publicado el 1º de marzo de 2024", "2024-03-01"),
        # German pages write the year in two figures too ("15.06.18"), day and month in two each
        ("de", "Erstellt am 15.06.18 um 14:05 Uhr", "2018-06-15T14:05:00"),
        # a day-first date with dashes (Dutch, Italian, Portuguese)
        ("nl", "Gepubliceerd: 15-06-2018 10:30", "2018-06-15T10:30:00"),
        # a German clock with a dot before "Uhr" ("10.30 Uhr")
        ("de", "15.06.2018, 10.30 Uhr", "2018-06-15T10:30:00"),
        # not dates: a version number, a dotted clock without "Uhr"; "11/13/19" is left alone (US story cards
        # print it beside other stories' headlines: Gizmodo's related stories)
        ("de", "Version 2.10.18 veröffentlicht", None),
        ("en", "Posted 11/13/19 11:00AM", None),
        ("de", "15.06.2018, 10.30", "2018-06-15"),
    ],
)
def test_dates_as_european_pages_write_them(lang: str, shown: str, expected: str | None) -> None:
    page = _page(lang, shown)
    assert parse_article(page, "https://paper.test/a/1", fetched_at=FETCHED).published_at == expected


def test_a_page_without_a_declared_language_is_in_the_language_of_its_month_names() -> None:
    # La Gazzetta del Mezzogiorno declares no language; its date, "06 Dicembre 2020", is written in Italian, an
    # official language of the .it domain's country: that is the evidence a declared language would give.
    ld = '{"@type":"NewsArticle","headline":"Neue Buslinien","datePublished":"2020-12-05T23:15:00Z"}'
    head = f"<script type='application/ld+json'>{ld}</script>"
    page = _page("it", "06 Dicembre 2020", head).replace(" lang='it'", "")
    assert parse_article(page, "https://giornale.it/a/1", fetched_at=FETCHED).published_at == (
        "2020-12-06T00:15:00+01:00"
    )
    # a month name shared with English ("April") or in a language the country does not speak is no evidence
    for shown, url in (
        ("6 April 2020", "https://zeitung.de/a/1"),
        ("06 Dicembre 2020", "https://zeitung.de/a/1"),
    ):
        other = page.replace("06 Dicembre 2020", shown)
        assert parse_article(other, url, fetched_at=FETCHED).published_at == "2020-12-05T23:15:00+00:00"
