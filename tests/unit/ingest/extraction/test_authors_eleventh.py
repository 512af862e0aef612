"""Issue 15, eleventh pass: bylines as Chinese, Japanese and Korean papers write them (datelines with "=",
"記者X／台北報導", "文/X", an outlet before "记者") and the plain-text byline lines of those languages under the
headline; scholarly ``citation_author`` tags."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.authors import classify_byline, clean_author_names

from tests.unit.ingest.extraction.pages import FETCHED


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        # Korean: "place=outlet" is the dateline; the outlet after "=" is an affiliation, the reporter follows
        ("[부산=스포츠조선 선수민 기자]", ["선수민"]),
        ("(서울=연합뉴스) 홍길동 기자", ["홍길동"]),
        ("스포츠조선=선수민 기자", ["선수민"]),
        ("[서울=뉴시스]홍길동·김철수 기자", ["홍길동", "김철수"]),
        # Chinese: "記者<name>／<place>報導" (Taiwan), the paper before "记者" is an affiliation
        ("記者林宸誼／即時報導", ["林宸誼"]),
        ("聯合報 記者林宸誼／即時報導", ["林宸誼"]),
        ("本报记者 张三", ["张三"]),
        ("新华社记者 王小明", ["王小明"]),
        ("记者 张三 李四", ["张三", "李四"]),
        # the "text by" label with a slash: "文/张三", "撰文／李四", "取材・文／山田太郎"
        ("文/张三", ["张三"]),
        ("撰文／李四", ["李四"]),
        ("取材・文／山田太郎", ["山田太郎"]),
        # Japanese papers' dateline: "【place＝reporter】" ("【ワシントン＝山田太郎】")
        ("【ワシントン＝山田太郎】", ["山田太郎"]),
        ("【北京=中沢克二】", ["中沢克二"]),
    ],
)  # fmt: skip
def test_cjk_bylines_give_the_reporters_name(raw: str, names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    "raw",
    [
        "中沢克二 記者",  # the job after the name, unchanged
        "NeoL／ネオエル",  # a name in two scripts: the slash is no label's
        "文● オカモト／ASCII編集部",  # kept as written
        "嶋田 健志",  # a Japanese name with a space between family and given name
    ],
)
def test_cjk_bylines_that_must_not_change(raw: str) -> None:
    before = {
        "中沢克二 記者": ["中沢克二"],
        "NeoL／ネオエル": ["NeoL／ネオエル"],
        "文● オカモト／ASCII編集部": ["文● オカモト／ascii編集部"],
        "嶋田 健志": ["嶋田 健志"],
    }
    assert clean_author_names(raw) == before[raw]


@pytest.mark.parametrize(
    ("raw", "organisation"),
    [("共同通信", "共同通信"), ("新华社", "新华社"), ("연합뉴스", "연합뉴스"), ("ロイター", "ロイター")],
)
def test_news_agencies_in_cjk_scripts_are_organisations(raw: str, organisation: str) -> None:
    tokens = classify_byline(raw)
    assert [(t.text, t.kind) for t in tokens] == [(organisation, "organisation")]


PROSE_ZH = (
    "市议会周二投票决定扩大城市公交网络，新增四条线路，连接北部郊区与医院区和大学校园，预计明年年底前完成。"
) * 3
PROSE_KO = (
    "시의회는 화요일 시내버스 노선을 확대하기로 의결했다. "
    "새로운 네 개 노선은 북부 교외와 병원 지구, 대학 캠퍼스를 연결한다. "
) * 3


def _page(after_h1: str, prose: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>公交 | 信使报</title></head><body><div class='page'>"
        f"<div class='head'><h1>夜间公交恢复运行</h1>{after_h1}</div>"
        f"<div class='text'><p>{prose}</p><p>{prose}</p></div></div></body></html>"
    )


def _authors(html: str) -> list[str]:
    return parse_article(html, "https://courier.test/a/1", fetched_at=FETCHED).authors


@pytest.mark.parametrize(
    ("line", "prose", "lang", "names"),
    [
        ("<p>文/张三</p>", PROSE_ZH, "zh", ["张三"]),
        ("<p>记者 张三 李四</p>", PROSE_ZH, "zh", ["张三", "李四"]),
        ("<p>撰文：李四　2024-05-01 10:00</p>", PROSE_ZH, "zh", ["李四"]),
        ("<p>홍길동 기자</p>", PROSE_KO, "ko", ["홍길동"]),
        ("<p>홍길동 기자 hong@courier.test</p>", PROSE_KO, "ko", ["홍길동"]),
        # the Korean wire style: the dateline and the reporter open the first paragraph
        ("", "[서울=뉴시스]홍길동 기자 = " + PROSE_KO, "ko", ["홍길동"]),
        ("", "(서울=연합뉴스) 홍길동 김철수 기자 = " + PROSE_KO, "ko", ["홍길동", "김철수"]),
        # the Japanese papers' dateline opening the first paragraph
        ("", "【ワシントン＝山田太郎】" + PROSE_ZH, "ja", ["山田太郎"]),
    ],
)  # fmt: skip
def test_a_plain_text_cjk_byline_under_the_headline(
    line: str, prose: str, lang: str, names: list[str]
) -> None:
    assert _authors(_page(line, prose, lang)) == names


@pytest.mark.parametrize(
    ("line", "prose", "lang"),
    [
        ("<p>记者会上，市长表示将继续推进</p>", PROSE_ZH, "zh"),  # "press conference" in a sentence
        ("<p>기자회견</p>", PROSE_KO, "ko"),  # a press conference, no name
        ("", "서울시는 = 기자 " + PROSE_KO, "ko"),
    ],
)
def test_cjk_lines_that_are_no_byline(line: str, prose: str, lang: str) -> None:
    assert _authors(_page(line, prose, lang)) == []


PROSE_EN = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes that will connect the "
    "northern suburbs with the hospital district and the university campus by the end of next year."
)


def _paper(head: str, byline: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Urine cfDNA | Preprints</title>{head}</head><body><article>"
        f"<h1>Urine cfDNA fragmentation</h1>{byline}<p>{PROSE_EN}</p><p>{PROSE_EN}</p></article></body></html>"
    )


SCHOLARS = ["Havell Markus", "Jun Zhao", "Tania Contente-Cuomo", "Elizabeth Raupach", "Ahuva Odenheimer-Bergman",
            "Sydney Connor", "Bradon R. McDonald"]  # fmt: skip


def test_scholarly_citation_author_tags_name_every_author() -> None:
    """Highwire's ``citation_author`` (the tags Google Scholar reads; one tag per author) names every author of a
    paper, where the page's author list may be cut or folded; read when no other author tag is given."""
    head = "".join(f"<meta name='citation_author' content='{name}'>" for name in SCHOLARS)
    assert _authors(_paper(head)) == SCHOLARS


def test_a_citation_author_written_last_name_first_is_one_person() -> None:
    head = "<meta name='citation_author' content='Markus, Havell'><meta name='citation_author' content='Zhao, Jun'>"
    assert _authors(_paper(head)) == ["Havell Markus", "Jun Zhao"]


def test_other_author_tags_go_before_citation_author() -> None:
    head = "<meta name='author' content='Jane Doe'><meta name='citation_author' content='Roe, John'>"
    assert _authors(_paper(head)) == ["Jane Doe"]


def _release(after_h1: str) -> str:
    return (
        f"<html lang='en'><head><title>Memory | Science Wire</title></head><body><div class='page'>"
        f"<h1>AI's memory mechanism resembles the brain's</h1>{after_h1}"
        f"<div class='text'><p>{PROSE_EN}</p><p>{PROSE_EN}</p></div></div></body></html>"
    )


def _byline(html: str) -> tuple[list[str], str | None]:
    article = parse_article(html, "https://wire.test/a/1", fetched_at=FETCHED)
    return article.authors, article.organisation


@pytest.mark.parametrize(
    ("after_h1", "expected"),
    [
        # a label alone on its line (a definition list's term) and its value on the next
        ("<dl><dt>Date:</dt><dd>December 18, 2023</dd><dt>Source:</dt><dd>Institute for Basic Science</dd></dl>",
         ([], "Institute for Basic Science")),
        ("<p>Source: Reuters</p>", ([], "Reuters")),
        ("<dl><dt>Author:</dt><dd>Jane Doe</dd></dl>", (["Jane Doe"], None)),
        ("<dl><dt>Quelle:</dt><dd>dpa</dd></dl>", ([], "dpa")),
    ],
)  # fmt: skip
def test_a_source_or_author_label_under_the_headline_credits_the_story(
    after_h1: str, expected: tuple[list[str], str | None]
) -> None:
    """A story credited to its source under the headline ("Source: Institute for Basic Science", a press
    release's institution, an agency) has that organisation as its byline when nothing else names one."""
    assert _byline(_release(after_h1)) == expected


@pytest.mark.parametrize(
    "after_h1",
    [
        "<p>Source: Getty Images</p>",  # a picture's source
        "<dl><dt>Source:</dt><dd>" + PROSE_EN + "</dd></dl>",  # prose, not a credit
        "<p>Sources:</p><ul><li>the city council</li></ul>",
    ],
)
def test_source_lines_that_credit_no_one(after_h1: str) -> None:
    assert _byline(_release(after_h1)) == ([], None)


def _site_credited(after_h1: str) -> str:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Girl rescued", "author": {"@type": "Organization", "name": "Channel News"}}</script>'
    )
    return (
        "<html lang='en'><head><title>Girl rescued - Channel News</title>"
        f"<meta property='og:site_name' content='Channel News'>{ld}</head><body><article><h1>Girl rescued</h1>"
        f"{after_h1}<p>{PROSE_EN}</p><p>{PROSE_EN}</p></article></body></html>"
    )


def test_the_site_credited_after_the_time_under_the_headline_is_the_byline() -> None:
    """Tags naming only the site give no byline unless the page shows one (eighth pass); the site's name as
    the last part of the time line under the headline ("Updated on: November 19, 2019 / 10:07 AM / CBS News")
    is the credit the reader sees."""
    line = "<p><time datetime='2019-11-19'>Updated on: November 19, 2019 / 10:07 AM</time> / Channel News</p>"
    assert _byline(_site_credited(line)) == ([], "Channel News")


@pytest.mark.parametrize(
    "after_h1",
    [
        "<p><time datetime='2019-11-19'>November 19, 2019 / 10:07 AM</time></p>",
        "<p>Home / Channel News / US</p>",  # a breadcrumb, no time
        "<p>Channel News / Watch live</p>",
    ],
)
def test_the_site_named_elsewhere_under_the_headline_is_no_byline(after_h1: str) -> None:
    assert _byline(_site_credited(after_h1)) == ([], None)


def _desk_declared(byline: str) -> str:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Astronauts hibernate", "author": {"@type": "Person", "name": "Science Wire staff"}}</script>'
    )
    return (
        "<html lang='en'><head><title>Astronauts hibernate</title>"
        f"<meta property='og:site_name' content='Phys Wire'>{ld}</head><body><article><h1>Astronauts hibernate</h1>"
        f"{byline}<p>{PROSE_EN}</p><p>{PROSE_EN}</p></article></body></html>"
    )


def test_a_declared_staff_credit_gives_way_to_the_organisation_the_byline_shows() -> None:
    """A staff or desk credit in the tags ("Science X staff") is the network's placeholder; the byline the reader
    sees names the organisation the story comes from ("by European Space Agency", a press release)."""
    byline = "<p class='article-byline'>by <a href='https://esa.test/'>European Space Agency</a></p>"
    assert _byline(_desk_declared(byline)) == ([], "European Space Agency")


def test_a_declared_staff_credit_stays_without_another_shown_organisation() -> None:
    assert _byline(_desk_declared("")) == ([], "Science Wire staff")


def test_a_declared_desk_credit_stays_when_the_byline_shows_its_own_newsroom() -> None:
    """The byline's "Sports Wire" is the newsroom the declared "Sports Wire Desk" belongs to, not another
    source: the fuller credit stays."""
    byline = "<p class='article-byline'>by Sports Wire</p>"
    html = _desk_declared(byline).replace("Science Wire staff", "Sports Wire Desk")
    assert _byline(html) == ([], "Sports Wire Desk")
