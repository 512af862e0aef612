"""Issue 15, twelfth pass: byline forms of the major news languages the earlier tests did not cover — the word
joining the last two names in Italian, Portuguese, Dutch and Russian, a publication or a place after a name
("for The Guardian", "in Washington", "à Kiev"), credits for editing and additional reporting, agency and
newspaper words ("Agencias", "USA TODAY"), a date before the name in one byline line, and Chinese, Japanese and
Korean labels, outlets and brackets."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import clean_author_names

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _page(byline: str, lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>Council expands bus network | The Courier</title></head><body>"
        f"<article><h1>Council expands bus network</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p></article>"
        "</body></html>"
    )


def _byline(html: str) -> tuple[list[str], str | None]:
    article = parse_article(html, "https://courier.test/news/bus", fetched_at=FETCHED)
    return article.authors, article.organisation


# --- the word joining the last two names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Di Mario Rossi e Luca Bianchi", ["Mario Rossi", "Luca Bianchi"]),  # Italian
        ("Por Ana Silva e João Santos", ["Ana Silva", "João Santos"]),  # Portuguese
        ("Door Piet Jansen en Kees de Vries", ["Piet Jansen", "Kees de Vries"]),  # Dutch
        ("Иван Петров и Мария Иванова", ["Иван Петров", "Мария Иванова"]),  # Russian
        ("Mario Rossi, Luca Bianchi e Anna Verdi", ["Mario Rossi", "Luca Bianchi", "Anna Verdi"]),
    ],
)
def test_the_last_two_names_joined_by_the_languages_and(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Maria e Silva", ["Maria e Silva"]),  # a lower-case word between two single words stays
        ("Jan de Vries en zoon", ["Jan de Vries en zoon"]),  # not followed by a capitalised name
        ("Eva Hernández", ["Eva Hernández"]),
    ],
)
def test_joining_words_that_do_not_split(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- a publication, a place or a co-writer after a name -----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # the publication the story was written for: an affiliation
        ("By Jane Doe and John Smith for The Guardian", ["Jane Doe", "John Smith"]),
        ("By Jane Doe For Mailonline", ["Jane Doe"]),
        ("By JANE DOE FOR DAILYMAIL.COM", ["Jane Doe"]),
        # the place the story was filed from (The Guardian's "Julian Borger in Washington")
        ("Jane Doe in Washington", ["Jane Doe"]),
        ("By Jane Doe in Washington and John Smith in London", ["Jane Doe", "John Smith"]),
        # a job with its place: "envoyé spécial à Kiev", "inviato a Kiev"
        ("Jean Dupont, envoyé spécial à Kiev", ["Jean Dupont"]),
        ("Mario Rossi, inviato a Kiev", ["Mario Rossi"]),
        # a second writer after "with" ("mit", "avec", "con")
        ("Jane Doe with John Smith", ["Jane Doe", "John Smith"]),
        ("Max Muster mit Erika Musterfrau", ["Max Muster", "Erika Musterfrau"]),
        # credits for other work: additional reporting, editing (Reuters' closing credits)
        ("By Jane Doe with additional reporting by John Smith", ["Jane Doe"]),
        ("Jane Doe; additional reporting by John Smith", ["Jane Doe"]),
        ("Reporting by Jane Doe; Editing by John Smith", ["Jane Doe"]),
        ("Aaron KlotzContributions from Sarah Jacobsson Purewal", ["Aaron Klotz"]),
    ],
)  # fmt: skip
def test_a_publication_place_or_other_credit_after_a_name(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Reporting by Jane Doe", ["Jane Doe"]),  # the writer, not an additional hand
        ("Jane Doe with", ["Jane Doe"]),
        ("in Washington", []),  # a place alone, no name
    ],
)
def test_names_without_a_publication_or_place_are_unchanged(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- agencies, newspapers and desk credits as organisations --------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # USA TODAY's network credits its own desk after the writer, with or without a comma
        ("Jane Doe, USA TODAY", (["Jane Doe"], None)),
        ("Jane Doe USA TODAY", (["Jane Doe"], None)),
        ("Jane Doe and John Smith, USA TODAY", (["Jane Doe", "John Smith"], None)),
        ("USA TODAY", ([], "USA Today")),
        # "agencies" in Spanish, Portuguese, French, Italian, German: an organisation byline
        ("Agencias", ([], "Agencias")),
        ("Por Agência Brasil", ([], "Agência Brasil")),
        ("Redacción / Agencias", ([], "Redacción")),
        # a desk's report, singular
        ("Staff Report", ([], "Staff Report")),
        ("By CNN Business", ([], "CNN Business")),
    ],
)
def test_agencies_and_newspapers_are_organisations(
    byline: str, expected: tuple[list[str], str | None]
) -> None:
    assert _byline(_page(f"<div class='byline'>{byline}</div>")) == expected


# --- the date before the name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Published May 12, 2023 by Jane Doe", ["Jane Doe"]),
        ("Posted on May 12, 2023 by Jane Doe", ["Jane Doe"]),
        ("Updated 10:00 AM EST, Fri May 12, 2023 By Jane Doe", ["Jane Doe"]),
        ("Publié le 12 mai 2023 par Jean Dupont", ["Jean Dupont"]),
        ("Veröffentlicht am 12.05.2023 von Max Muster", ["Max Muster"]),
        ("입력 2023.01.01 10:00 홍길동 기자", ["홍길동"]),
    ],
)
def test_a_date_before_the_name_in_one_byline(raw: str, names: list[str]) -> None:
    """A byline element (or line) printing the date first and the writer after it: the name follows the date, so
    cutting from the date on (a date after the name, "Jane Doe, May 12, 2023") left nothing."""
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Jane Doe, May 12, 2023", ["Jane Doe"]),
        ("Jane Doe on May 12, 2023 by the river", ["Jane Doe"]),  # a sign with no name after it
        ("May 12, 2023 by 5 p.m.", []),
    ],
)
def test_a_date_after_the_name_is_still_cut(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("<p>Published May 12, 2023 by Jane Doe</p>", ["Jane Doe"]),
        ("<p>Publié le 12 mai 2023 par Jean Dupont</p>", ["Jean Dupont"]),
    ],
)
def test_a_plain_text_line_with_the_date_before_the_byline(line: str, names: list[str]) -> None:
    assert _byline(_page(line))[0] == names


# --- Chinese, Japanese and Korean labels, outlets and brackets --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # Korean: the outlet before the reporter, bracketed or not, with no "=" dateline
        ("[이데일리 홍길동 기자]", ["홍길동"]),
        ("이데일리 홍길동 기자", ["홍길동"]),
        ("뉴스1 홍길동 기자", ["홍길동"]),
        ("홍길동 기자 =", ["홍길동"]),
        ("홍길동 선임기자", ["홍길동"]),
        # Korean "text by" label: "글 홍길동", "글·사진 홍길동"
        ("글 홍길동", ["홍길동"]),
        ("글·사진 홍길동", ["홍길동"]),
        # Chinese: the "text by" label with a bar or a space; the reporter in brackets after Xinhua's dateline
        ("文｜张三", ["张三"]),
        ("文 | 张三", ["张三"]),
        ("撰文 张三", ["张三"]),
        ("新华社北京1月1日电（记者张三）", ["张三"]),
        ("（记者 张三）", ["张三"]),
        # editors are credited for other work than the writing
        ("作者：张三 编辑：李四", ["张三"]),
        ("责任编辑：李四", []),
        # Japanese labels and a name in brackets (a signature closing the article)
        ("執筆者：山田太郎", ["山田太郎"]),
        ("ライター：山田太郎", ["山田太郎"]),
        ("（山田太郎）", ["山田太郎"]),
    ],
)
def test_cjk_labels_outlets_and_brackets(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("홍길동 김철수 기자", ["홍길동", "김철수"]),  # two reporters, no outlet
        ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
        ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),
    ],
)
def test_names_and_brackets_that_stay(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


def test_a_chinese_source_label_is_an_organisation() -> None:
    assert _byline(_page("<div class='author'>来源：新华网</div>", "zh")) == ([], "新华网")


# --- what byline markup glues to a name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # a social handle glued to the name (two elements, no space between)
        ("Alissa Wilkinson@alissamarie", ["Alissa Wilkinson"]),
        ("Chris Pokorny@DawgsByNature", ["Chris Pokorny"]),
        # a link's label or a job glued to the name ("Profile", "Follow", "archive page", "Business Columnist")
        ("Patrick AllanProfileFollowUnfollow", ["Patrick Allan"]),
        ("By Melissa Heikkiläarchive page", ["Melissa Heikkilä"]),
        ("By Michael HiltzikBusiness Columnist", ["Michael Hiltzik"]),
        ("View author archive Get author RSS feed", []),
        ("By Michaela Zee Plus Icon", ["Michaela Zee"]),
        # the reading time after the name
        ("Zach Hanlon 5 minute Read", ["Zach Hanlon"]),
        ("Jane Doe · 4 min read", ["Jane Doe"]),
        ("Associated Press 3 minute Read", ["Associated Press"]),
        # a picture's credit in a byline element
        ("Sean Gardner Getty Images", []),
        ("Paul Moseley/Fort Worth Star-Telegram/TNS via Getty Images", []),
        # an em dash before the date
        ("Alexandre Hervaud et Jérémy Piette — 24 novembre 2017 à 18:42", ["Alexandre Hervaud", "Jérémy Piette"]),
        # job titles: "Lead Draft Writer", "Research Fellow", "Deputy CTO", a publication glued in CamelCase
        ("Eric Edholm, Lead Draft Writer", ["Eric Edholm"]),
        ("EJ Antoni, Research Fellow", ["EJ Antoni"]),
        ("Gina Scinta, Deputy CTO", ["Gina Scinta"]),
        ("by Monica Torres HuffPost Writer", ["Monica Torres"]),
        ("by Ikran Dahir BuzzFeed UK News Fellow", ["Ikran Dahir"]),
    ],
)  # fmt: skip
def test_what_markup_glues_to_a_name_goes(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Bradon R. McDonald", ["Bradon R. McDonald"]),  # a capital inside a surname stays
        ("Leonardo DiCaprio", ["Leonardo DiCaprio"]),
        ("Jane MacArthur", ["Jane MacArthur"]),
        ("Ryan FitzGerald", ["Ryan FitzGerald"]),
        ("Sandee LaMotte", ["Sandee LaMotte"]),
        ("EJ Antoni", ["EJ Antoni"]),
        ("CarolRomig", ["CarolRomig"]),  # a handle of one word
    ],
)
def test_capitals_inside_names_stay(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jane Doe, Grover M. Hermann Center", (["Jane Doe"], None)),
        ("Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech", (["Daniel Kahn Gillmor"], None)),
        ("Gina Scinta, Thales Trusted Cyber Technologies", (["Gina Scinta"], None)),
        ("Kelly Quinlan • JacketsOnline Publisher", (["Kelly Quinlan"], None)),
    ],
)
def test_institutions_beside_a_name_are_affiliations(
    byline: str, expected: tuple[list[str], str | None]
) -> None:
    assert _byline(_page(f"<div class='byline'>{byline}</div>")) == expected


# --- picture credits; the signed byline element over other author elements --------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Courtesy of Michele Rosenthal", []),
        ("Courtsey of Michele Rosenthal", []),  # as misspelt on the page
        ("Ian Krietzberg | Photo courtesy of NASA", ["Ian Krietzberg"]),
    ],
)
def test_a_courtesy_credit_is_a_picture_credit(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("markup", "names"),
    [
        # the byline the page signs ("By …"), and author elements without the sign elsewhere in the story
        # (a columnist's box, a second author block naming other writers)
        ("<div class='byline'>by: Laurie Oakes</div><p class='author'>Joe Hildebrand</p>", ["Laurie Oakes"]),
        ("<div class='byline'>By Steve Gillman Contributor</div><div class='author-name'>Kent McDill</div>",
         ["Steve Gillman"]),
        # "By" marked apart from the names: the names' elements are read as before
        ("<span class='byline-prefix'>By</span> <span class='author'>Jane Doe</span>"
         "<span class='author'>John Smith</span>", ["Jane Doe", "John Smith"]),
    ],
)  # fmt: skip
def test_the_signed_byline_element_over_unsigned_author_elements(markup: str, names: list[str]) -> None:
    assert _byline(_page(markup))[0] == names


# --- a relative time after the name; contributor elements -----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Haje Jan Kamps 2 months", ["Haje Jan Kamps"]),
        ("Jane Doe 3 hours ago", ["Jane Doe"]),
        ("Jane Doe · a day ago", ["Jane Doe"]),
        ("Max Muster vor 2 Stunden", ["Max Muster"]),
        ("Jean Dupont il y a 3 heures", ["Jean Dupont"]),
        ("Ana Ruiz hace 2 horas", ["Ana Ruiz"]),
    ],
)
def test_a_relative_time_after_the_name_is_cut(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


def test_a_contributor_element_is_a_byline() -> None:
    markup = "<div class='contributor'><p class='contributor__text--name'>Scott Chiusano</p></div>"
    assert _byline(_page(markup))[0] == ["Scott Chiusano"]


# --- plain-text CJK byline lines under the headline -------------------------------------------------------------

PROSE_ZH = (
    "市议会周二投票决定扩大城市公交网络，新增四条线路，连接北部郊区与医院区和大学校园，预计明年年底前完成。"
    * 3
)


def _cjk_page(line: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>公交 | 信使报</title></head><body><div class='page'>"
        f"<div class='head'><h1>夜间公交恢复运行</h1><p>{line}</p></div>"
        f"<div class='text'><p>{PROSE_ZH}</p><p>{PROSE_ZH}</p></div></div></body></html>"
    )


@pytest.mark.parametrize(
    ("line", "lang", "names"),
    [
        ("文＝山田太郎", "ja", ["山田太郎"]),
        ("文・写真＝山田太郎", "ja", ["山田太郎"]),
        ("執筆者：山田太郎", "ja", ["山田太郎"]),
        ("ライター：ヤマダタロウ", "ja", ["ヤマダタロウ"]),
        ("文／ヤマダ タロウ", "ja", ["ヤマダ タロウ"]),
        ("筆者：山田太郎（ジャーナリスト）", "ja", ["山田太郎"]),
        ("记者：张三", "zh", ["张三"]),
        ("作者：张三\u3000来源：新华网", "zh", ["张三"]),
        ("글 홍길동", "ko", ["홍길동"]),
        ("[이데일리 홍길동 기자]", "ko", ["홍길동"]),
        ("기사입력 2024.05.01 10:00 홍길동 기자", "ko", ["홍길동"]),
    ],
)
def test_plain_text_cjk_byline_lines(line: str, lang: str, names: list[str]) -> None:
    assert _byline(_cjk_page(line, lang))[0] == names


@pytest.mark.parametrize(
    "line",
    [
        "文化部长表示，将继续推进公交改革",  # "culture" starts the sentence: no label
        "编辑：李四",  # an editor, not the writer
        "来源：新华网",  # the source, read only from byline markup
        "作者简介：张三，北京大学教授",  # an author's biography
    ],
)
def test_plain_text_cjk_lines_that_name_no_writer(line: str) -> None:
    assert _byline(_cjk_page(line, "zh"))[0] == []


# --- a city, a paper "of the …", a newspaper's name beside a writer ------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jane Doe | New York", (["Jane Doe"], None)),
        ("Jane Doe, Los Angeles", (["Jane Doe"], None)),
        ("Jane Doe of The Times", (["Jane Doe"], None)),
        ("By Jane Doe of the Associated Press", (["Jane Doe"], None)),
        ("By Jane Doe, Yahoo Finance", (["Jane Doe"], None)),
        ("Jane Doe, San Francisco Chronicle", (["Jane Doe"], None)),
        ("New York", ([], None)),  # a place alone is no byline
    ],
)
def test_a_city_or_a_paper_beside_a_writer(byline: str, expected: tuple[list[str], str | None]) -> None:
    assert _byline(_page(f"<div class='byline'>{byline}</div>")) == expected


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Jane Doe Bio", ["Jane Doe"]),
        ("Jane Doe See Full Bio", ["Jane Doe"]),
        ("Compiled by Jane Doe", ["Jane Doe"]),
        ("Interview by Jane Doe", ["Jane Doe"]),
        ("Jane Doe Author", ["Jane Doe"]),
        ("Jane Doe Editor-in-Chief", ["Jane Doe"]),
    ],
)
def test_labels_and_titles_round_a_name(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Jane Doe 0 Comments", ["Jane Doe"]),
        ("Jane Doe Leave a comment", ["Jane Doe"]),
        ("Jane Doe No Comments", ["Jane Doe"]),
        ("Jane Doe Share this article", ["Jane Doe"]),
        ("Jane Doe Tweet", ["Jane Doe"]),
        ("Jane Doe Print", ["Jane Doe"]),
        ("Jane Doe Listen to this article", ["Jane Doe"]),
        ("Jane Doe Filed under: Politics", ["Jane Doe"]),
        ("Jane Doe Subscribe", ["Jane Doe"]),
        ("Jane Doe Read Bio", ["Jane Doe"]),
        ("Jane Doe Show more", ["Jane Doe"]),
        ("Jane Doe LinkedIn", ["Jane Doe"]),
        ("Jane Doe Instagram", ["Jane Doe"]),
        ("Jane Doe Website", ["Jane Doe"]),
        ("Jane Doe Send email", ["Jane Doe"]),
        ("Glenn Close", ["Glenn Close"]),  # a surname, not a button
    ],
)
def test_a_page_s_buttons_beside_the_name_go(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


# --- a name and the date on the line under the headline, with no sign ------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("<p>Jane Doe | May 12, 2023</p>", ["Jane Doe"]),
        ("<p>Jane Doe, May 12, 2023 10:00 AM</p>", ["Jane Doe"]),
        ("<p><span>Jane Doe</span> <time>12.05.2023</time></p>", ["Jane Doe"]),
        ("<p>Jane Doe - 12 May 2023</p>", ["Jane Doe"]),
    ],
)
def test_a_name_and_the_date_under_the_headline(line: str, names: list[str]) -> None:
    assert _byline(_page(line))[0] == names


@pytest.mark.parametrize(
    "line",
    [
        "<p>New York, May 12, 2023</p>",  # a dateline's place
        "<p>Updated May 12, 2023</p>",
        "<p>Tuesday, May 12, 2023</p>",
        "<p>Breaking News | May 12, 2023</p>",
        "<p>The Courier | May 12, 2023</p>",
        "<p>Council Meeting Notes May 12, 2023</p>",
    ],
)
def test_date_lines_that_name_no_writer(line: str) -> None:
    assert _byline(_page(line))[0] == []
