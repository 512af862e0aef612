"""Page status: is this one article, a listing/section front/about page, a paywall or JavaScript shell, or
an article too short to be worth storing?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsflow_shared.messages import PageStatus

from newsflow_ingest.extraction.document import text_of

# Paths of pages that are about the site, not news (any site).
_NON_ARTICLE_PATH = re.compile(
    r"/(?:about(?:-us)?|contact(?:-us)?|privacy(?:-policy)?|terms(?:-of-(?:use|service))?|imprint|impressum|"
    r"tags?|category|categories|topics?|authors?|search|login|register|subscribe|newsletters?|archive|page/\d+)"
    r"(?:/|\.html?|$)",
    re.I,
)
_SLUG = re.compile(r"/[^/]*\w+-\w+-\w+-\w+[^/]*/?$")
_JS_SHELL = re.compile(
    r"enable javascript|javascript (?:is )?(?:required|disabled)|requires javascript", re.I
)
THIN_WORDS = 60
# CJK and Thai text has no spaces between words: a body is thin only if it is also short in characters.
THIN_CHARS = 400
PAYWALL_WORDS = 250
LONG_PARAGRAPH_WORDS = 25


@dataclass
class PageFeatures:
    """Facts about a page the status rules look at."""

    url: str
    body: str
    declares_article: bool  # JSON-LD Article type, og:type article or article:published_time
    declares_non_article: bool  # og:type website/profile or JSON-LD CollectionPage/AboutPage...
    has_date: bool
    paywall_flag: bool
    js_shell: bool
    link_density: float  # share of the body's characters inside links, in the article area


def classify_page(features: PageFeatures) -> PageStatus:
    """Apply the status rules (general, no site-specific cases) in order."""
    body = features.body
    if not body.strip():
        return "js_required" if features.js_shell else "not_article"
    words = _words_up_to(body, max(THIN_WORDS, PAYWALL_WORDS))
    if features.js_shell and words < THIN_WORDS:
        return "js_required"
    path = urlsplit(features.url).path
    if not features.declares_article:
        if _NON_ARTICLE_PATH.search(path) or path in ("", "/"):
            return "not_article"
        long_paragraphs = _long_paragraphs(body)
        if features.declares_non_article and long_paragraphs < 3:
            return "not_article"
        if features.link_density > 0.5:
            return "not_article"
        # no article metadata and no date: an about page or a front, unless the URL and the prose say story
        if not features.has_date and not (_SLUG.search(path) and long_paragraphs >= 3):
            return "not_article"
    if features.paywall_flag and words < PAYWALL_WORDS:
        return "paywalled"
    if words < THIN_WORDS and len(body) < THIN_CHARS:
        return "thin"
    return "article"


# Splitting a whole body into words, twice, cost 0.1 ms a page (eleventh pass, speed): the word count is only
# compared with thresholds, and the paragraphs are only counted on pages that declare no article.
def _words_up_to(text: str, cap: int) -> int:
    """The number of words of ``text``, or ``cap + 1`` when it has more: ``split`` stops after ``cap`` words and
    returns the rest as one item, so comparisons with any threshold up to ``cap`` read as on the full count."""
    return len(text.split(maxsplit=cap))


def _long_paragraphs(body: str) -> int:
    """How many paragraphs (blocks between blank lines) of ``body`` have ``LONG_PARAGRAPH_WORDS`` words or more."""
    return sum(1 for p in body.split("\n\n") if len(p.split()) >= LONG_PARAGRAPH_WORDS)


def looks_like_js_shell(root: Any) -> bool:
    """A page that asks for JavaScript or only mounts an app root (``<div id="root">``) with no text."""
    for element in root.iter("noscript"):
        if _JS_SHELL.search(text_of(element)):
            return True
    for element in root.xpath("//body//div[@id='root' or @id='app' or @id='__next' or @id='__nuxt']")[:1]:
        if len(element) == 0 and not (element.text or "").strip():
            return True
    return False


def link_density(root: Any) -> float:
    """The share of text in links within ``<main>`` or the only ``<article>`` (else the whole body; listing
    pages wrap each teaser in its own ``<article>``)."""
    articles = root.xpath("//article")
    areas = root.xpath("//main") or (articles if len(articles) == 1 else root.xpath("//body"))
    if not areas:
        return 0.0
    area = areas[0]
    total = len(" ".join(text_of(area).split()))
    if total == 0:
        return 0.0
    linked = sum(len(" ".join(text_of(a).split())) for a in area.iter("a"))
    return min(1.0, linked / total)
