"""Issue 15, seventh pass: body rules from publishers never seen (metadata-dev's ``dev`` split): text a box leaves
behind it, promotion lists inside the article."""

from __future__ import annotations

from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.body import find_furniture, remove_captions
from newsflow_ingest.extraction.document import load_document, text_of
from newsflow_ingest.extraction.loose_text import wrap_loose_text

from tests.unit.ingest.extraction.pages import FETCHED, PROSE


def _article_page(title: str, article: str) -> str:
    return (
        f"<html lang='en'><head><title>{title}</title></head><body><article>{article}</article></body></html>"
    )


def test_bare_text_after_an_inline_box_stays_in_the_body() -> None:
    # Forbes India: a paragraph written as bare text right after an inline "Related stories" box (the box's tail
    # in the tree) was lost with the box; a browser shows it as a paragraph of its own.
    after = (
        "The King of Christmas is Michael Bublé, whose 2011 album set a new record on the platform this year."
    )
    box = (
        "<div class='related-highlight'><h4>Related stories</h4><ul><li><a href='/a'>What to wear this "
        "festive season</a></li><li><a href='/b'>Three ways to rest</a></li></ul></div>"
    )
    article = f"<h1>Holiday charts</h1><p>{PROSE}<br><br></p>{box}{after} <br><br>{PROSE} Again.<br><br>"
    page = _article_page("Holiday charts", article)
    parsed = parse_article(page, "https://magazine.test/article/charts/1", fetched_at=FETCHED)
    assert parsed.body.split("\n\n") == [PROSE, after, f"{PROSE} Again."]


def test_bare_text_in_a_box_of_its_own_is_not_made_a_paragraph() -> None:
    # Hindustan Times: "Unlock a world of Benefits … Login Now!" after an empty spacer in the sign-up box under
    # the article; the box holds no paragraph, so its bare text is not lifted into one.
    promo = "Unlock a world of benefits with us! From newsletters to news alerts, it's all here, just a click away"
    signup = f"<div class='follow'><div style='margin:0'></div>{promo} <a href='/login'>Login Now!</a></div>"
    tree = load_document(f"<html><body><article><p>{PROSE}</p>{signup}</article></body></html>")
    assert wrap_loose_text(tree.find("body")) == 0


def test_a_labelled_promotion_list_inside_the_body_leaves_it() -> None:
    # Yahoo Finance (Benzinga): "Don't Miss:" / "Read Next:" headings over lists of other pages' pitches, each
    # with a link; The Hollywood Reporter, Townhall: a "Related Stories" / "Recommended" heading left alone
    # once the extractor pruned its cards. The label and the linked items go; the article goes on after them.
    promo = (
        "<h2><strong>Don't Miss:</strong></h2><ul><li><p>A fund manager says Miami is the next capital. "
        "<a href='https://partner.test/miami'>Here's how you can invest in the city with $500</a> now.</p></li>"
        "<li><p>Investing got simpler. <a href='https://partner.test/fund'>This startup lets you become a "
        "landlord in ten minutes</a>.</p></li></ul>"
    )
    lone = "<h4>Recommended</h4>"
    article = (
        f"<h1>Taxes push movers</h1><p>{PROSE}</p>{promo}<p>{PROSE} Again.</p>{lone}<p>{PROSE} Third.</p>"
    )
    page = _article_page("Taxes push movers", article)
    parsed = parse_article(page, "https://finance.test/news/taxes-1", fetched_at=FETCHED)
    assert parsed.body.split("\n\n") == [PROSE, f"{PROSE} Again.", f"{PROSE} Third."]


def test_a_caption_class_in_any_case_leaves_the_body() -> None:
    # Daily Mail: <p class="imageCaption"> under each picture; "caption" was matched in lower case only.
    caption = (
        "Flowers line up against the wall where the boy was hit by a car on the esplanade on Sunday evening"
    )
    picture = f"<div class='artSplitter'><img src='/a.jpg'><p class='imageCaption'>{caption}</p></div>"
    page = _article_page("Boy killed", f"<h1>Boy killed</h1><p>{PROSE}</p>{picture}<p>{PROSE} Again.</p>")
    parsed = parse_article(page, "https://tabloid.test/news/article-1/boy.html", fetched_at=FETCHED)
    assert parsed.body.split("\n\n") == [PROSE, f"{PROSE} Again."]


def test_newsletter_pitches_leave_the_body() -> None:
    # PCMag's sign-up box inside the article, and one-line pitches elsewhere (The Weather Channel, CBN, NJ.com):
    # a line about a newsletter or an inbox that asks the reader to sign up or subscribe.
    pitches = [
        "Sign up for our Weekly Apple Brief for the latest news, reviews, tips, and more delivered right to your "
        "inbox.",
        "Thanks for signing up!",
        "Your subscription has been confirmed. Keep an eye on your inbox!",
        "***Please sign up for CBN Newsletters and download the CBN News app to keep receiving the latest news.***",
    ]
    box = "<div class='rounded p-4'>" + "".join(f"<p>{line}</p>" for line in pitches) + "</div>"
    cited = (
        "The company said its weekly newsletter reached two million readers, up from one million last year."
    )
    article = f"<h1>Apple talks</h1><p>{PROSE}</p><p>{cited}</p>{box}<p>{PROSE} Again.</p>"
    parsed = parse_article(
        _article_page("Apple talks", article), "https://tech.test/news/apple", fetched_at=FETCHED
    )
    assert parsed.body.split("\n\n") == [PROSE, cited, f"{PROSE} Again."]


def test_a_comment_thread_is_pruned_with_the_teaser_boxes() -> None:
    # Tom's Hardware: readers' comments in a forum widget under the article (<div class="xenforo-comment-widget">,
    # bare text in a <div>, replies quoting the comment before) were read as article text ("… Reply"): the
    # fast extractor keeps some of them. A class word "comment"/"comments" marks a comment thread, pruned
    # before the extractor runs like a teaser box; "commentary" (an opinion article's body) is not one.
    comments = "".join(
        f"<li class='xenforo-comment'><div class='xenforo-comment-content'><div class='js-read-more'>"
        f"<blockquote>reader{n} said: {PROSE}</blockquote>I printed one in ABS.</div></div></li>"
        for n in range(3)
    )
    thread = f"<div class='xenforo-comment-widget'><ul class='xenforo-comments-list'>{comments}</ul></div>"
    story = f"<div class='commentary-body'><p>{PROSE}</p><p>{PROSE} Again.</p><p>{PROSE} Third.</p></div>"
    tree = load_document(f"<html><body><article>{story}</article>{thread}</body></html>")
    teasers = find_furniture(tree).teasers
    classes = [element.get("class") for element in teasers]
    assert classes[0] == "xenforo-comment-widget" and "commentary-body" not in classes
    remove_captions(tree)
    assert "ABS" not in text_of(tree) and "Third." in text_of(tree)


def test_an_author_biography_box_is_pruned_with_the_teaser_boxes() -> None:
    # Space.com, Tom's Hardware, TechRadar: the writer's biography under the article (<div class="author__biography">
    # in a "slice-author-bio" box) was read as the article's last paragraph. "biology" is not the word "bio".
    bio = (
        "<div class='slice-author-bio'><div class='author__biography'><p>Brett is curious about emerging "
        "technologies, alternative launch concepts and uncrewed aircraft systems.</p></div></div>"
    )
    story = f"<div class='biology-news'><p>{PROSE}</p><p>{PROSE} Again.</p><p>{PROSE} Third.</p></div>"
    tree = load_document(f"<html><body><article>{story}{bio}</article></body></html>")
    classes = [element.get("class") for element in find_furniture(tree).teasers]
    assert classes[0] == "slice-author-bio" and "biology-news" not in classes
    remove_captions(tree)
    assert "Brett" not in text_of(tree) and "Third." in text_of(tree)
