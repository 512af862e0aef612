"""The headline: the best declared title without the " | Site name" / " - Site" decoration."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from newsflow_ingest.extraction import title_words
from newsflow_ingest.extraction.byline_tokens import job_and_name
from newsflow_ingest.extraction.document import element_text, normalize_space

_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|•|»|::)\s+")
_MAX_SUFFIX_WORDS = 8
_CJK_CHAR = "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]"
# Separators of Chinese, Japanese and Korean titles, written without spaces: a bar, full-width or not, anywhere
# ("…決定｜日本経済新聞", "标题|界面新闻"); "_" and "-" beside a CJK character ("标题_新浪新闻", "标题-新华网",
# "标题--人民网"); the full-width colon, dash and slash and the hyphen U+2010 ("…：朝日新聞デジタル"); and a spaced
# colon ("… : 読売新聞オンライン"). Colons, slashes and dashes also sit inside headlines ("首相：「…」"), so a
# segment after one of these is cut only when it is exactly a site's name or a generic label ("weak").
# (``normalize_space`` leaves single spaces: a separator's spaces are matched as one; segments are stripped)
_STRONG_SEPARATOR = r" (?:\||-|–|—|·|•|»|::) |[｜|]"
# after a colon or a slash, where headlines go on most often ("特朗普：这是假新闻"), only a site's exact name is cut
_WEAK_SEPARATOR = r"(?P<colon>[：／]| : )|[－‐]"
_SEPARATORS = re.compile(rf"(?P<strong>{_STRONG_SEPARATOR})|{_WEAK_SEPARATOR}")
# "_" and "-" separate only beside a CJK character (``_segments`` checks: a look-around at every position would
# cost each title twice the time), and only titles holding one are searched for them
_CJK_SEPARATORS = re.compile(rf"(?P<strong>{_STRONG_SEPARATOR})|{_WEAK_SEPARATOR}|(?P<cjk>_|--?)")
_HAS_CJK = re.compile(_CJK_CHAR)
# a site's name in lenticular brackets at either end ("…決定【日本経済新聞】"); a kicker there ("【速報】") stays
_BRACKETED = re.compile(r"^【(?P<lead>[^】]{1,30})】|【(?P<tail>[^】]{1,30})】$")
# second-level labels under which a country's sites register ("kompas.co.id", "bbc.co.uk", "abc.net.au")
_SECOND_LEVELS = frozenset(
    {"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gob", "web", "news"}
)
_MIN_HEADLINE = 8  # characters of wording left before a generic label or a page number cut from the end
# Korean newspapers' CMS (ndsoft) titles an article "제목 < 정치 < 기사본문 - 신문": a breadcrumb from the headline
# out through its sections to "기사본문" ("article body", the page's kind), then the site
_BREADCRUMB = re.compile(r"(?:\s+<\s+[^<>|]{1,20}){0,3}\s+<\s+기사본문(?=\s|$)")


def strip_site_suffix(title: str, site_names: Iterable[str] = (), *, url: str | None = None) -> str:
    """Remove the segments before or after the headline that name the site ("Story | Example News" → "Story"),
    and after it a section's generic news label ("- Son Dakika Haberleri", "_国内新闻"), a page number or a
    print view's label ("Halaman all", "- Seite 2", "- Print").

    A segment is the site when it matches one of ``site_names`` (or writes one in another script: "दैनिक
    जागरण" for "Dainik Jagran"), the URL's host name or its registrable domain ("Kompas.com", "WP" on
    wiadomosci.wp.pl).
    """
    # one page asks for the same title several times (each declaration, the <title>, the <h1> checks)
    return _stripped(title, tuple(name for name in site_names if name), url)


@lru_cache(maxsize=512)
def _stripped(title: str, names: tuple[str, ...], url: str | None) -> str:
    title = _BREADCRUMB.sub("", normalize_space(title)) if "기사본문" in title else normalize_space(title)
    spans = _segments(title)
    if len(spans) == 1 and "【" not in title and not title_words.GLUED_PAGINATION.search(title):
        return title  # one segment: nothing to cut (most titles of the AEB set's <h1>s)
    keys = {key for key in map(_key, names) if len(key) >= 3}
    label = ""
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        domain = _registrable(host)
        label = _key(domain.split(".")[0])
        keys |= {_key(host), _key(host.split(".")[0]), _key(domain)} - {""}
    sites = _Sites(keys, label, names)
    changed = True
    while changed and len(spans) > 1:
        changed = False
        last = title[spans[-1][0] : spans[-1][1]].strip()
        if _names_the_site(last, spans[-1][2] == "strong", sites, trailing=True) or (
            # a generic label is cut only from a headline that stays one ("Trump - Fake News" keeps its words)
            spans[-1][2] != "colon"
            and len(_key(title[spans[0][0] : spans[-2][1]])) >= _MIN_HEADLINE
            and _is_label(last, sites)
        ):
            spans.pop()
            changed = True
        elif _names_the_site(
            title[spans[0][0] : spans[0][1]].strip(), spans[1][2] == "strong", sites, trailing=False
        ):
            spans.pop(0)
            changed = True
    start, end = spans[0][0], spans[-1][1]
    return _strip_ends(title[start:end].strip(), sites)


def _segments(title: str) -> list[tuple[int, int, str | None]]:
    """The segments of ``title`` between separators as ``(start, end, kind)``: the kind of the separator before
    the segment (the first segment's says nothing): "strong" (never inside a headline), "colon" (a colon or a
    slash), "cjk" or ``None`` (another weak one)."""
    spans: list[tuple[int, int, str | None]] = []
    start = 0
    kind: str | None = "strong"
    separators = _CJK_SEPARATORS if _HAS_CJK.search(title) else _SEPARATORS
    for match in separators.finditer(title):
        if match.lastgroup == "cjk" and not _beside_cjk(title, match.start(), match.end()):
            continue  # "COVID-19", "snake_case": no CJK character on either side
        if title[start : match.start()].strip():
            spans.append((start, match.start(), kind))
            kind = match.lastgroup
        start = match.end()
    spans.append((start, len(title), kind))
    return spans


def _beside_cjk(title: str, start: int, end: int) -> bool:
    return bool(_HAS_CJK.match(title, end) or (start and _HAS_CJK.match(title, start - 1)))


class _Sites:
    """What names the site: wording keys, the registrable domain's letters, the declared names."""

    def __init__(self, keys: set[str], label: str, names: tuple[str, ...]) -> None:
        self.keys = keys
        self.label = label
        self.names = names
        self._skeletons: set[str] | None = None

    @property
    def skeletons(self) -> set[str]:
        """The declared names' consonant skeletons, computed when a segment in another script needs them."""
        if self._skeletons is None:
            found = (title_words.skeleton(name) for name in self.names)
            self._skeletons = {found_one for found_one in found if len(found_one) >= title_words.MIN_SKELETON}
        return self._skeletons


def _names_the_site(segment: str, strong: bool, sites: _Sites, *, trailing: bool) -> bool:
    """Whether ``segment``, at one end of the title, is the site's name (after a weak separator: exactly)."""
    key = _key(segment)
    if not key:
        return False
    if key in sites.keys or (len(key) >= 2 and key == sites.label):
        return True
    return (
        strong
        and len(segment.split()) <= _MAX_SUFFIX_WORDS
        and _names_site(segment, sites.keys, trailing=trailing)
    )


def _is_label(segment: str, sites: _Sites) -> bool:
    """Whether ``segment``, at the end of the title, is a generic news label, a page number, a print view's
    label or the site's name in another script."""
    if news_label(segment) or title_words.PAGINATION.match(segment):
        return True
    return segment.casefold() in title_words.PRINT_LABELS or _written_otherwise(segment, sites)


def _written_otherwise(segment: str, sites: _Sites) -> bool:
    """Whether ``segment`` writes a site's declared name in another script ("दैनिक जागरण", "Dainik Jagran")."""
    if len(segment.split()) > 4 or all(segment.isascii() == name.isascii() for name in sites.names):
        return False
    return bool(sites.skeletons) and title_words.skeleton(segment) in sites.skeletons


_NEWS = title_words.NEWS_WORDS


def news_label(segment: str) -> bool:
    """Whether ``segment`` is a generic news label: a news word ("Haberleri", "Новости", "समाचार") with
    capitalised words (a place, a section) or the label's own qualifiers ("Son Dakika", "de hoy", "mới nhất"),
    or in Chinese, Japanese and Korean a short name ending as site and section names do ("国内新闻", "新浪网")."""
    words = segment.casefold().split()
    if len(words) == 1 and _CJK.search(segment):
        return len(segment) <= title_words.MAX_CJK_NAME and segment.endswith(title_words.CJK_NAME_TAILS)
    # the news word at either end ("Gündem Haberleri", "Noticias de España"), not inside ("Bad News For Trump")
    if not words or len(words) > 5 or not (words[0] in _NEWS or words[-1] in _NEWS):
        return False
    caseless = 0
    for shown, word in zip(segment.split(), words, strict=True):
        if word in title_words.NOT_LABEL_WORDS:
            return False  # a title-cased phrase of the headline ("The Good News"), not a label
        if word in _NEWS or word in title_words.NEWS_MODIFIERS or shown[:1].isupper():
            continue
        if shown[:1].isdigit() or not shown[:1].islower():
            caseless += 1  # a word of a script without capitals (Hindi, Arabic, Thai): one allowed
            continue
        return False
    return caseless <= 1


def _strip_ends(title: str, sites: _Sites) -> str:
    """``title`` without a page number glued to its end ("… Halaman all") or a bracketed site name."""
    page = title_words.GLUED_PAGINATION.search(title)
    if page and len(_key(title[: page.start()])) >= _MIN_HEADLINE:
        title = title[: page.start()].rstrip(" -–—|:,")
    bracket = _BRACKETED.search(title) if "【" in title else None
    if bracket:
        name = bracket.group("lead") or bracket.group("tail")
        rest = title[: bracket.start()] + title[bracket.end() :]
        if len(_key(rest)) >= _MIN_HEADLINE and (_key(name) in sites.keys or news_label(name)):
            title = rest.strip()
    return title


def _registrable(host: str) -> str:
    """The registrable domain of ``host``: "wiadomosci.wp.pl" → "wp.pl", "nasional.kompas.co.id" →
    "kompas.co.id" (a two-letter country under one of the usual second levels)."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


_MIN_SHARED = 0.5


def choose_title(
    candidates: Sequence[tuple[str | None, str]],
    site_names: Iterable[str],
    *,
    url: str | None = None,
    h1: str | None = None,
) -> tuple[str, str] | None:
    """The first non-empty candidate ``(text, source)``, decorated suffix removed, as ``(title, source)``.

    When a title still carries a separator and the page's ``<h1>`` is exactly its first part, the ``<h1>``
    shows where the headline ends (sites whose suffix is not their declared name).
    """
    names = list(site_names)
    for text, source in candidates:
        if not text or not normalize_space(text):
            continue
        # JSON-LD and some meta tags carry escaped entities ("&#8216;") that no HTML parser decoded
        title = strip_site_suffix(normalize_space(html.unescape(text)), names, url=url)
        if h1 and title != h1 and title.startswith(h1) and _ends_at(title, h1):
            title = h1
        elif h1 and title != h1 and title.endswith(h1) and _ends_with_separator(title[: -len(h1)]):
            title = h1  # "Opinion | Headline", "College Sports | Headline": a section label before it
        return title, source
    return None


# a note in brackets after the headline, for search results and social cards: "(Published 2016)", "(PHOTOS)",
# "（写真＝ロイター）" (the picture's credit)
_BRACKET_NOTE = re.compile(r"\s*[(（\[【]")
_MIN_NOTED_HEADLINE = 10  # characters of wording: "Trump" before "(finally) wins" is no headline of its own


def _ends_at(title: str, h1: str) -> bool:
    """Whether the declared ``title``, which starts with the ``<h1>``, goes on past it with a separator (a site
    suffix "Headline - Site") or a bracketed note: the ``<h1>`` shows where the headline ends."""
    if _SEPARATOR.match(title, len(h1)):
        return True
    return len(_key(h1)) >= _MIN_NOTED_HEADLINE and bool(_BRACKET_NOTE.match(title, len(h1)))


_TRAILING_SEPARATOR = re.compile(r"\S\s+(?:\||-|–|—|·|•|»|::)\s+$")


def _ends_with_separator(prefix: str) -> bool:
    """Whether ``prefix`` is a label and a separator ("Opinion | ") that the headline follows."""
    return bool(_TRAILING_SEPARATOR.search(prefix))


def first_h1(root: Any) -> str | None:
    """The headline text of the first ``<h1>`` in the body, if short enough to be a headline (its kicker
    left out, see ``headline_text``)."""
    for element in root.iter("h1"):
        text = headline_text(element) if not off_screen(element) else ""
        if text:
            return text
    return None


# Accessibility classes that keep an element off the screen for screen readers (Bootstrap's sr-only and
# visually-hidden, WordPress's screen-reader-text, a BEM "--visuallyHidden"; Tailwind's "not-sr-only" shows it):
# a site's logo name repeated as an <h1> for them is not the headline readers see. Classes that hide an element
# outright (Bootstrap 3's "hidden", 4's "d-none", "is-hidden", "u-hidden") and the ``hidden`` attribute hide
# it from everyone (a logo's name in an <h1 class="hidden"> beside the logo's image).
_OFF_SCREEN_CLASSES = {
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screenreader-only",
    "hidden",
    "d-none",
    "is-hidden",
    "u-hidden",
}


def off_screen(element: Any) -> bool:
    """Whether ``element`` is not displayed: a class that hides it (or shows it to screen readers only), or
    the ``hidden`` attribute."""
    if element.get("hidden") is not None:
        return True
    return any(
        token.lstrip("-_").casefold() in _OFF_SCREEN_CLASSES for token in (element.get("class") or "").split()
    )


# Class names of the short line above a headline, inside the headline element, across languages and CMSs.
_KICKER_CLASS = re.compile(
    r"kicker|overline|eyebrow|topline|roofline|dachzeile|spitzmarke|supertitle|super-title|surtitre|"
    r"antetitulo|antetítulo|occhiello|pretitle|pre-title|headline-intro|headline__intro|rubric",
    re.I,
)
_MAX_KICKER_WORDS = 6


def headline_text(element: Any) -> str:
    """The headline of an ``<h1>`` without the kicker printed inside it: a child whose class names a kicker
    ("Breakpoint" in ``<h1><span class="kicker">Breakpoint</span><span>Hilfe, die Fundis kommen!</span></h1>``),
    or, with no class to tell, a short first child glued to the next with no space between them in the markup
    (the layout, not the text, separates them)."""
    children = [child for child in element if isinstance(child.tag, str)]
    kicker = next((child for child in children if _KICKER_CLASS.search(child.get("class") or "")), None)
    if kicker is None:
        kicker = _glued_kicker(element, children)
    if kicker is None:  # (an lxml element without children is falsy: no ``or`` here)
        kicker = _label_kicker(element, children)
    if kicker is not None and not normalize_space(kicker.text_content()):
        kicker = None
    byline = _byline_line(children)
    if kicker is None and byline is None:
        return element_text(element, limit=400)
    kept = [_text_and_tail(child) for child in children if child is not kicker and child is not byline]
    tails = [(left.tail or "") for left in (kicker, byline) if left is not None]
    rest = normalize_space(" ".join([element.text or "", *kept, *tails])).strip(" :|–-")
    return rest or element_text(element, limit=400)


def heading_byline(element: Any | None) -> str | None:
    """The byline printed as the last line of the headline element ("編集委員　中沢克二"), if any."""
    if element is None:
        return None
    line = _byline_line([child for child in element if isinstance(child.tag, str)])
    return normalize_space(line.text_content()) if line is not None else None


def _byline_line(children: list[Any]) -> Any | None:
    """The heading's last child when it prints a job title and a name only ("編集委員　中沢克二" after a
    ``<br>``), after other text: the writer's byline set inside the ``<h1>``, not a line of the headline."""
    shown = [child for child in children if normalize_space(child.text_content())]
    if len(shown) < 2:
        return None
    return shown[-1] if job_and_name(normalize_space(shown[-1].text_content())) else None


def _glued_kicker(element: Any, children: list[Any]) -> Any | None:
    # any whitespace between the two in the markup is a word break a reader sees: no kicker to cut
    if len(children) != 2 or normalize_space(element.text) or children[0].tail:
        return None
    first, second = (normalize_space(child.text_content()) for child in children)
    if not first or not second or len(first.split()) > _MAX_KICKER_WORDS or len(second) <= len(first):
        return None
    glued = first[-1:].isalnum() and second[:1].isalnum()
    return children[0] if glued else None


_LABEL_END = re.compile(r"\S\s*(?:\||»|::|/)$")


def _label_kicker(element: Any, children: list[Any]) -> Any | None:
    """A short first child that ends with a separator ("<div><a>College Sports | </a></div><span>Headline</span>"):
    a section label printed before the headline inside the ``<h1>`` (the separator says what follows is another
    text), whatever its class."""
    if len(children) < 2 or normalize_space(element.text):
        return None
    label = normalize_space(children[0].text_content())
    if not label or len(label.split()) > _MAX_KICKER_WORDS or not _LABEL_END.search(label):
        return None
    return children[0] if normalize_space(" ".join(_text_and_tail(c) for c in children[1:])) else None


def _text_and_tail(child: Any) -> str:
    return f"{element_text(child, limit=400)} {child.tail or ''}"


_NON_WORD = re.compile(r"\W+")


def _key(text: str) -> str:
    return _NON_WORD.sub("", text.casefold())


def names_site(text: str, site_names: Iterable[str], title_tag: str | None) -> bool:
    """Whether ``text`` is the site's name: one of ``site_names``, or the last segment of a "Headline <sep>
    Site" ``<title>`` (where sites put their name, which their logo heading prints too)."""
    key = _key(text)
    if key in {_key(name) for name in site_names if name}:
        return True
    parts = _SEGMENT_SEPARATOR.split(normalize_space(html.unescape(title_tag or "")))
    return len(parts) > 1 and _key(parts[-1]) == key


def title_key(text: str) -> str:
    """``text`` compared as a wording: case, spacing and punctuation aside ("Germanys" is "Germany's")."""
    return _key(text)


def _names_site(segment: str, keys: set[str], *, trailing: bool) -> bool:
    key = _key(segment)
    if len(key) < 3:
        return False
    # "Asharq Al-Awsat" names the site "ASHARQ AL-AWSAT English Archive"; a trailing "ASHARQ AL-AWSAT English
    # Archive 2005 -2017" names the site "Asharq Al-Awsat"; but a leading "Reuters poll shows..." is a
    # headline that merely contains the name
    return any(
        key == site
        or (len(site) >= 5 and (key in site or (site in key and (trailing or len(key) <= 2 * len(site)))))
        for site in keys
    )


_WORDS = re.compile(r"\w+")


def displayed_headline(h1: str, declared: str) -> bool:
    """Whether the page's ``<h1>`` is the displayed form of the ``declared`` title (og:title, JSON-LD headline
    are often rewritten for search engines and social cards): different, yet sharing at least half of its
    words with the declared title. A logo, a masthead date or a section name in ``<h1>`` shares few."""
    shown = {w.casefold() for w in _WORDS.findall(h1)}
    other = {w.casefold() for w in _WORDS.findall(declared)}
    if h1 == declared or len(shown) < 3 or not other or _glued_to(h1, declared):
        return False
    return len(shown & other) >= _MIN_SHARED * min(len(shown), len(other))


def _glued_to(h1: str, declared: str) -> bool:
    """Whether the ``<h1>`` is the declared title with another element's text glued on with no space
    ("…la InfantaUltima Hora Mallorca": a logo link inside the heading): the declared title is the headline."""
    start = h1.find(declared)
    if start < 0 or len(declared) < 10:
        return False
    end = start + len(declared)
    before, after = h1[start - 1 : start], h1[end : end + 1]
    return (before.isalnum() and declared[0].isalnum()) or (after.isalnum() and declared[-1].isalnum())


def _bigrams(text: str) -> set[str]:
    key = _key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def unrelated_to(h1: str, title_tag: str | None) -> bool:
    """Whether the ``<h1>`` has nothing in common with the page's ``<title>`` (no word of three or more
    characters, no two-character run in scripts written without spaces): a logo, a widget's heading ("Original
    text" of a translation pop-up), a placeholder; the ``<title>`` names the page then. A ``<title>`` no longer
    than the ``<h1>`` is itself a placeholder or the site's name ("Seite", "Home"), and does not count."""
    if not title_tag or len(_key(title_tag)) <= len(_key(h1)):
        return False
    return not shares_wording(h1, title_tag)


def shares_wording(text: str, other: str, *, min_length: int = 3) -> bool:
    """Whether two titles share a word of ``min_length`` or more characters (a two-character run in scripts
    written without spaces): two wordings of one story name its subject alike; a series' or a logo's name does
    not."""
    words = {w.casefold() for w in _WORDS.findall(text) if len(w) >= min_length}
    if words & {w.casefold() for w in _WORDS.findall(other)}:
        return True
    return _has_cjk(text + other) and bool(_bigrams(text) & _bigrams(other))


_PROSE_WORDS = 8  # a sentence, not a label ("Contribute a better translation", a menu item)
_PROSE_CJK_CHARACTERS = 25
_HEADED_SIBLINGS = 3  # a byline or a date line may stand between the heading and the text


def heads_text(root: Any, h1: str) -> bool:
    """Whether the first ``<h1>`` showing ``h1`` heads the article's text: one of its next few sibling
    elements with text is a paragraph of prose, the ``<article>`` element holding it holds one, or the text
    follows its header block (``_heads_wrapped_text``). A heading
    over the text it heads is the headline even when the ``<title>`` names the document otherwise ("About This
    Site" under "Daring Fireball: Colophon", a chapter under its book's name); a logo's ``<h1>`` (inside its
    link, or beside a menu) and a widget's ("Original text" in a translation pop-up) head no prose."""
    element = next((e for e in root.iter("h1") if headline_text(e) == h1), None)
    if element is None:
        return False
    article = next(element.iterancestors("article"), None)
    if article is not None and any(_is_prose(block) for block in article.iter(*_BLOCKS)):
        return True
    seen = 0
    for sibling in element.itersiblings():
        if not isinstance(sibling.tag, str) or not normalize_space(sibling.text_content()):
            continue
        if _is_prose(sibling):
            return True
        seen += 1
        if seen >= _HEADED_SIBLINGS:
            break
    return _heads_wrapped_text(element)


_HEADER_LEVELS = 2  # the <h1> in a header block (with its byline), the text in the header's sibling
_NEXT_BLOCKS = 40


def _heads_wrapped_text(element: Any) -> bool:
    """Whether, inside the block two levels above the ``<h1>`` (not the whole ``<body>``), the first prose
    paragraph after it comes before another ``<h1>`` or ``<h2>``: a header block holding the ``<h1>`` and its byline,
    followed by the article body's wrapper."""
    scope = element
    for _ in range(_HEADER_LEVELS):
        scope = scope.getparent() if scope is not None else None
    if scope is None or scope.tag in ("body", "html"):
        return False
    after = False
    seen = 0
    for block in scope.iter(*_BLOCKS):
        if block is element:
            after = True
        elif after:
            if block.tag in ("h1", "h2"):
                return False  # another headline's (a <h3> is a box's, "At a Glance", inside the article)
            if _is_prose(block):
                return True
            seen += 1
            if seen >= _NEXT_BLOCKS:
                break
    return False


# a container of blocks (a wrapper, an <article> after a logo) is not itself a paragraph of the text
_BLOCKS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "table",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "li",
)


def _is_prose(element: Any) -> bool:
    """Whether ``element`` is a paragraph of prose: a sentence of its own, holding no other blocks."""
    if next(element.iterdescendants(*_BLOCKS), None) is not None:
        return False
    text = normalize_space(element.text_content())
    links = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    if links * 2 > len(text):
        return False
    if _has_cjk(text):
        return len(_CJK.findall(text)) >= _PROSE_CJK_CHARACTERS
    return len(text.split()) >= _PROSE_WORDS


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


_HEADING_MARKS = " ¶#"  # permalink marks documentation generators print after a heading
# Japanese and Chinese titles separate the site with a full-width bar and no spaces ("…発売。｜サンワサプライ")
# Chinese ones join headline, section and site with "_" ("标题_栏目_网站"): an underscore beside a CJK character
_SEGMENT_SEPARATOR = re.compile(rf"{_SEPARATOR.pattern}|\s*[｜]\s*|(?<={_CJK.pattern})_|_(?={_CJK.pattern})")


def printed_segment(title_tag: str | None, root: Any) -> str | None:
    """The segment of a "Headline <sep> Site" ``<title>`` that the page also prints as an ``<h1>`` (not
    necessarily its first: the first is often the site's logo heading), as printed; the first such segment
    in the ``<title>``'s order. The last segment never counts: it is where sites put their name, which their
    logo heading prints too ("… — Mozilla" with ``<h1>Mozilla</h1>``). ``None`` when the ``<title>`` has no
    separator or no other segment is printed."""
    if not title_tag:
        return None
    parts = _SEGMENT_SEPARATOR.split(normalize_space(html.unescape(title_tag)))
    if len(parts) < 2:
        return None
    printed = _printed_headings(root, "h1")
    found = next((printed[_key(part)] for part in parts[:-1] if _key(part) in printed), None)
    if found is None and not printed:
        # no <h1> displayed: the first segment, where sites put the headline, printed as an <h2>
        found = _printed_headings(root, "h2").get(_key(parts[0]))
    return found


def _printed_headings(root: Any, tag: str) -> dict[str, str]:
    """The displayed ``tag`` headings of the page by their wording key, each as printed."""
    printed: dict[str, str] = {}
    for element in root.iter(tag):
        text = headline_text(element).rstrip(_HEADING_MARKS) if not off_screen(element) else ""
        if len(_key(text)) >= 3:
            printed.setdefault(_key(text), text)
    return printed


def printed_as_heading(root: Any, title: str) -> bool:
    """Whether the page prints ``title`` as a heading (``<h1>`` to ``<h3>``; case, spacing and punctuation
    aside)."""
    key = _key(title)
    return bool(key) and any(_key(headline_text(e)) == key for e in root.iter("h1", "h2", "h3"))


def copies_title_tag(title: str, title_tag: str | None) -> bool:
    """Whether a declared title is the page's ``<title>`` copied, separators and spacing aside."""
    return bool(title_tag) and _key(title) == _key(title_tag or "")
