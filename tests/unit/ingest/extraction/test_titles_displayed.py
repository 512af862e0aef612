"""Issue 15, tenth pass: the displayed headline over declared titles written for search engines and social
cards, on publishers never seen."""

from __future__ import annotations

from newsflow_ingest.extraction import parse_article

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _parse(page: str, path: str = "a/1") -> str | None:
    return parse_article(page, f"https://stadtanzeiger.test/{path}", fetched_at=FETCHED).title


def test_a_declaration_equal_to_the_h1_but_for_its_quote_marks_counts_as_declaring_it() -> None:
    # JSON-LD carries the search headline; og:title is the printed <h1> typed with straight quotes where the
    # page prints curly ones: the two agree on the displayed headline
    search = "Timetable glitches blamed on heavy demand by transport chief Anna Weber"
    page = (
        f"<html><head><title>{search} - Stadtanzeiger</title>"
        "<meta property='og:title' content=\"'We had some issues,' council says on timetable glitches\">"
        f'<script type=\'application/ld+json\'>{{"@type": "NewsArticle", "headline": "{search}"}}'
        "</script></head><body>"
        "<div class='head'><h1>‘We had some issues,’ council says on timetable glitches</h1></div>"
        f"<div class='story'><p>{PROSE}</p></div>"
        "</body></html>"
    )
    assert _parse(page) == "‘We had some issues,’ council says on timetable glitches"


def test_the_h1_heading_the_text_wins_over_declarations_that_agree_on_a_search_title() -> None:
    # og:title, twitter:title and the <title> agree on the wording written for search engines; the page
    # prints another headline over the text, and readers know the story by that one
    seo = "13 Ways To Expand The Bus Network In The Most Useful Way Possible"
    page = (
        f"<html><head><title>{seo} | Stadtanzeiger</title>"
        f"<meta property='og:title' content='{seo}'><meta name='twitter:title' content='{seo}'>"
        "<meta property='og:site_name' content='Stadtanzeiger'></head><body>"
        "<header><a href='/'>Stadtanzeiger</a></header>"
        f"<main><h1>The Quiet Power Of A Better Bus Network</h1><p>{PROSE}</p><p>{PROSE}</p></main></body></html>"
    )
    assert _parse(page) == "The Quiet Power Of A Better Bus Network"


def test_a_declared_title_printed_as_a_heading_stays_over_another_story_in_the_h1() -> None:
    # an aggregator's page: the <h1> is the top story of a list (with its teaser), the article's own
    # headline, which og:title declares, is printed as an <h2> further down
    headline = "The Early Reviews For The New Bus Routes Are Here"
    page = (
        f"<html><head><title>{headline} - Stadtanzeiger</title>"
        f"<meta property='og:title' content='{headline} - Stadtanzeiger'></head><body>"
        f"<div class='top'><h1 class='headline'>Why Don't You Take The Tram?</h1><p>{PROSE}</p></div>"
        f"<article><h2 class='headline'>{headline}</h2><p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    assert _parse(page) == headline


def test_a_byline_line_inside_the_h1_is_not_part_of_the_headline() -> None:
    # a Japanese newspaper prints the writer's job title and name as the heading's last line, after a <br>
    headline = "米朝首脳直通電話　習氏に挑むトランプ戦術の成否"
    page = (
        f"<html lang='ja'><head><title>{headline}：日本経済新聞</title></head><body>"
        f"<div class='head'><h1 class='article_title'><span>{headline}</span><span></span><br>"
        "<span>編集委員　中沢克二</span></h1></div>"
        f"<div class='body'><p>{PROSE}</p></div></body></html>"
    )
    assert _parse(page) == "米朝首脳直通電話 習氏に挑むトランプ戦術の成否"
    korean = page.replace("編集委員　中沢克二", "김철수 기자")
    assert _parse(korean, "a/2") == "米朝首脳直通電話 習氏に挑むトランプ戦術の成否"
    # a second line that is a headline's own words stays
    two_lines = page.replace("編集委員　中沢克二", "戦術の成否を問う")
    assert _parse(two_lines, "a/3") == "米朝首脳直通電話 習氏に挑むトランプ戦術の成否 戦術の成否を問う"


def test_a_declared_title_adding_a_bracketed_note_after_the_h1_gives_way_to_it() -> None:
    # "(Published 2016)", "(PHOTOS)", "（写真＝ロイター）" (the picture's credit): a note for search results and
    # social cards after the printed headline, which the <h1> shows ends before it
    headline = "米朝首脳直通電話　習氏に挑むトランプ戦術の成否"
    page = (
        f"<html lang='ja'><head><title>{headline}　（写真＝ロイター）　：日本経済新聞</title>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        f'"headline": "{headline}　（写真＝ロイター）　：日本経済新聞"}}</script></head><body>'
        f"<div class='head'><h1>{headline}</h1></div><div class='body'><p>{PROSE}</p></div></body></html>"
    )
    assert _parse(page) == "米朝首脳直通電話 習氏に挑むトランプ戦術の成否"
    english = "The National Museum of African American History and Culture"
    published = (
        f"<html><head><title>{english} (Published 2016) - Stadtanzeiger</title>"
        f"<meta property='og:title' content='{english} (Published 2016)'></head><body>"
        f"<div class='head'><h1>{english}</h1></div><div class='body'><p>{PROSE}</p></div></body></html>"
    )
    assert _parse(published, "a/2") == english


def test_an_h1_hidden_by_its_class_is_not_the_headline() -> None:
    # a logo's name in an <h1 class="hidden"> (Bootstrap's and many sites' class for elements not displayed)
    page = (
        "<html lang='zh'><head><title>这个约会软件，想用你和对方的相似好恶来帮你找对象 - 好奇心日报</title>"
        "</head><body>"
        "<div class='header'><a href='/' class='logo'><h1 class='hidden'>好奇心日报</h1><img src='/l.png'></a></div>"
        "<div class='article'><h2 class='title'>这个约会软件，想用你和对方的相似好恶来帮你找对象</h2>"
        f"<p>{PROSE}</p></div></body></html>"
    )
    assert _parse(page) == "这个约会软件，想用你和对方的相似好恶来帮你找对象"
    # Chinese <title>s join headline, section and site with "_" and no spaces ("标题_栏目_网站")
    joined = page.replace(" - 好奇心日报</title>", "_智能_好奇心日报</title>")
    assert _parse(joined, "a/2") == "这个约会软件，想用你和对方的相似好恶来帮你找对象"
    # an <h2> printing only the section of a "_"-joined <title> is not the headline
    section = joined.replace(
        "<h2 class='title'>这个约会软件，想用你和对方的相似好恶来帮你找对象</h2>", "<h2>智能</h2>"
    )
    assert (_parse(section, "a/3") or "").startswith("这个约会软件")


def test_the_byline_line_inside_the_h1_names_the_author_over_a_publisher_declared_as_author() -> None:
    # JSON-LD names the newspaper (an Organization) as the author; the heading's last line names the writer
    head = (
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": "習氏に挑むトランプ戦術", '
        '"author": {"@type": "Organization", "name": "日本経済新聞社"}, '
        '"publisher": {"@type": "Organization", "name": "日本経済新聞社"}}</script>'
    )
    page = (
        f"<html lang='ja'><head><title>習氏に挑むトランプ戦術：日本経済新聞</title>{head}</head><body>"
        "<div class='head'><h1><span>習氏に挑むトランプ戦術</span><br><span>編集委員　中沢克二</span></h1></div>"
        f"<div class='body'><p>{PROSE}</p></div></body></html>"
    )
    parsed = parse_article(page, "https://shimbun.test/a/1", fetched_at=FETCHED)
    assert (parsed.authors, parsed.organisation) == (["中沢克二"], None)
    korean = page.replace("編集委員　中沢克二", "김철수 기자")
    assert parse_article(korean, "https://shimbun.test/a/2", fetched_at=FETCHED).authors == ["김철수"]


def test_an_h1_in_a_header_block_heads_the_text_in_the_next_wrapper() -> None:
    # the <h1> and its byline in a header block; the text in the body's wrapper beside it, after a video and an
    # "At a Glance" box; the declarations word two other (stale) headlines
    page = (
        "<html><head><title>Storm Kills Over 130; Deadliest In 9 Years | Stadtanzeiger</title>"
        "<meta property='og:title' content='Storm Kills Over 130; Deadliest In 9 Years | Stadtanzeiger'>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"headline": "Strong Storm Kills More Than 120"}</script></head><body>'
        "<div class='container'><div class='article-header'><h1>Storm Survivors Endure Frigid Nights</h1>"
        "<div class='meta'><h4>By Associated Press</h4><h4>5 days ago</h4></div></div>"
        "<div class='article-body'><article><div class='video'><div>Play</div></div>"
        f"<div class='glance'><h3>At a Glance</h3><ul><li>A storm hit.</li></ul></div><div><p>{PROSE}</p></div>"
        "</article></div></div></body></html>"
    )
    assert _parse(page) == "Storm Survivors Endure Frigid Nights"
