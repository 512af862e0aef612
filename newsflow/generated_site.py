"""A synthetic news site of any size, for the pipeline benchmark.

Every article is ~500 words of news-like English built from sentence templates filled with names of
people, places and organisations (so language detection and NER have real work), with the metadata a
news site carries (JSON-LD NewsArticle, og:*, article:published_time, canonical, byline). Listing pages
link every article (20 per page) and each listing links every other listing, so all articles sit within
two links of the home page; ``/sitemap.xml`` lists them all. The output depends only on ``n_articles``
and ``seed``.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from html import escape

from newsflow.site_files import BASE_PLACEHOLDER, SiteFile, SiteFiles

ARTICLES_PER_PAGE = 20
ARTICLE_PREFIX = "/news/"
TARGET_WORDS = 500
SITE_NAME = "The Daily Meridian"
_B = BASE_PLACEHOLDER.decode()
_HTML = "text/html; charset=utf-8"
_NEWEST = datetime(2024, 6, 30, 18, 0, tzinfo=timezone(timedelta(hours=3)))

_FIRST = [
    "Amal",
    "Karim",
    "Hiba",
    "Tariq",
    "Leila",
    "Samir",
    "Dina",
    "Walid",
    "Yasmin",
    "Fadi",
    "Nadia",
    "Hassan",
    "Reem",
    "Ziad",
    "Salma",
    "Omar",
    "Maya",
    "Bilal",
    "Rana",
    "Jamal",
    "Huda",
    "Faris",
]
_LAST = [
    "Haddad",
    "Khalil",
    "Mansour",
    "Saleh",
    "Nasser",
    "Aziz",
    "Darwish",
    "Hamdan",
    "Qasim",
    "Rahman",
    "Tahir",
    "Yousef",
    "Barakat",
    "Sabbagh",
    "Farah",
    "Kanaan",
    "Shami",
    "Jaber",
    "Zaki",
    "Hariri",
]
_PLACES = [
    "Amman",
    "Beirut",
    "Cairo",
    "Doha",
    "Dubai",
    "Riyadh",
    "Baghdad",
    "Muscat",
    "Kuwait City",
    "Manama",
    "Tunis",
    "Rabat",
    "Algiers",
    "Khartoum",
    "Ankara",
    "Istanbul",
    "Nicosia",
    "Alexandria",
    "Basra",
    "Jeddah",
    "Sharjah",
    "Aqaba",
    "Tripoli",
    "Erbil",
]
_ORGS = [
    "United Nations",
    "World Bank",
    "International Monetary Fund",
    "Arab League",
    "European Union",
    "Gulf Cooperation Council",
    "World Health Organization",
    "African Development Bank",
    "Arab Monetary Fund",
    "Islamic Development Bank",
    "International Labour Organization",
    "UNESCO",
]
_ROLES = [
    "finance minister",
    "central bank governor",
    "opposition leader",
    "trade envoy",
    "mayor",
    "economy minister",
    "chief negotiator",
    "union leader",
    "energy minister",
    "senior economist",
]
_TOPICS = [
    "water-sharing agreement",
    "fuel subsidy reform",
    "port expansion",
    "electricity tariff",
    "housing programme",
    "rail link",
    "trade corridor",
    "wheat import deal",
    "tourism strategy",
    "pension reform",
    "solar power tender",
    "desalination plant",
]
_VERBS = ["backs", "questions", "unveils", "defends", "delays", "signs", "criticises", "revives"]
_SECTIONS = ["Politics", "Economy", "Business", "World", "Culture"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_SENTENCES = [
    "{person}, the {role}, told reporters in {place} on {day} that the {topic} would be reviewed "
    "before the end of the year.",
    "Officials from the {org} said they had not been consulted on the details but would study the "
    "proposal carefully.",
    "The announcement came after weeks of negotiations between {place} and {place2}, according to "
    "two people briefed on the talks.",
    "Critics, including {person2}, argued that the plan offered little to households struggling "
    "with rising prices.",
    "Data published by the {org} showed that spending on the {topic} had risen by {percent} per "
    "cent over the past three years.",
    "\u201cWe cannot wait for perfect conditions,\u201d said {person}. \u201cEvery month of delay "
    "costs us jobs and credibility.\u201d",
    "In {place2}, business owners said they welcomed the decision but wanted clearer rules on "
    "licensing and taxes.",
    "The {org} estimates that about {number} people could be affected in the first phase alone.",
    "{person2}, a {role} in {place2}, said the government had underestimated the cost of the {topic}.",
    "Analysts in {place} said investors would watch closely for signs that the timetable was slipping again.",
    "The project is expected to be financed partly through loans from the {org} and partly by "
    "private investors.",
    "Residents interviewed on {day} expressed cautious hope, although several said they had heard "
    "similar promises before.",
    "A spokesman for the {org2} said the organisation was ready to provide technical support if asked.",
    "Lawmakers from the opposition demanded that {person} appear before parliament to explain the "
    "costs of the {topic}.",
    "Traffic around the main square in {place} was disrupted on {day} as several hundred people "
    "gathered to protest.",
    "The agreement follows a visit to {place2} last month by {person}, during which both sides "
    "pledged closer cooperation.",
    "According to a draft seen by The Daily Meridian, the first contracts could be awarded within "
    "{months} months.",
    "Economists warned that without reform, the budget deficit could widen to {percent} per cent of "
    "national output.",
    "{person2} said the {org2} had raised similar concerns in a letter sent to the ministry earlier "
    "this year.",
    "Shares of construction companies listed in {place} rose sharply after the news was announced.",
    "The ministry said a public consultation on the {topic} would open next week and run for "
    "{months} months.",
    "Diplomats in {place} described the talks as constructive but said important differences "
    "remained over financing.",
    "Farmers near {place2} say water shortages have already forced many of them to abandon part of "
    "their land.",
    "Under the plan, an independent committee chaired by {person2} would report on progress every quarter.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _slots(rng: random.Random) -> dict[str, str]:
    place, place2 = rng.sample(_PLACES, 2)
    org, org2 = rng.sample(_ORGS, 2)
    return {
        "person": _person(rng),
        "person2": _person(rng),
        "place": place,
        "place2": place2,
        "org": org,
        "org2": org2,
        "role": rng.choice(_ROLES),
        "topic": rng.choice(_TOPICS),
        "day": rng.choice(_DAYS),
        "percent": str(rng.randint(3, 40)),
        "number": f"{rng.randint(2, 900) * 1000:,}",
        "months": str(rng.randint(2, 18)),
    }


def _paragraphs(rng: random.Random, slots: dict[str, str]) -> list[str]:
    """~TARGET_WORDS words in paragraphs of 2-4 sentences; the first sentence always names the main person."""
    sentences = [_SENTENCES[0].format(**slots)]
    seen = set(sentences)
    words = len(sentences[0].split())
    while words < TARGET_WORDS:
        # Fresh secondary names and figures per sentence, so NER sees many distinct entities and no
        # sentence repeats verbatim; the main person, place and topic stay those of the story.
        local = dict(_slots(rng), person=slots["person"], place=slots["place"], topic=slots["topic"])
        sentence = rng.choice(_SENTENCES[1:]).format(**local)
        if sentence in seen:
            continue
        seen.add(sentence)
        sentences.append(sentence)
        words += len(sentence.split())
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return paragraphs


def _head(title: str, path: str, og_type: str, extra: str = "") -> str:
    return (
        f'<meta charset="utf-8">\n<title>{escape(title)} | {SITE_NAME}</title>\n'
        f'<link rel="canonical" href="{_B}{path}">\n<meta property="og:site_name" content="{SITE_NAME}">\n'
        f'<meta property="og:type" content="{og_type}">\n'
        f'<meta property="og:title" content="{escape(title)}">\n'
        f'<meta property="og:url" content="{_B}{path}">\n{extra}'
    )


def _page(lang: str, head: str, main: str) -> bytes:
    nav = '<nav class="main-navigation"><a href="/">Home</a></nav>'
    text = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{head}\n</head>\n<body>\n'
        f'<header class="site-header"><p class="site-title"><a href="/">{SITE_NAME}</a></p>{nav}</header>\n'
        f'<main class="site-main">\n{main}\n</main>\n'
        f'<footer class="site-footer"><p>&copy; 2024 {SITE_NAME}. Synthetic benchmark site.</p></footer>\n'
        "</body>\n</html>\n"
    )
    return text.encode("utf-8")


def _article(rng: random.Random, index: int) -> tuple[str, str, datetime, bytes]:
    slots = _slots(rng)
    title = f"{slots['person']} {rng.choice(_VERBS)} {slots['topic']} in {slots['place']}"
    published = _NEWEST - timedelta(hours=index * 5, minutes=rng.randint(0, 59))
    slug = "-".join(title.lower().replace(",", "").split()[:8]) + f"-{index}"
    path = f"{ARTICLE_PREFIX}{published:%Y/%m}/{slug}/"
    author, section = _person(rng), rng.choice(_SECTIONS)
    paragraphs = _paragraphs(rng, slots)
    summary = paragraphs[0].split(". ")[0].rstrip(".") + "."
    iso = published.isoformat()
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": summary,
        "datePublished": iso,
        "dateModified": iso,
        "inLanguage": "en",
        "articleSection": section,
        "author": [{"@type": "Person", "name": author}],
        "publisher": {"@type": "Organization", "name": SITE_NAME},
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{_B}{path}"},
    }
    extra = (
        f'<meta name="description" content="{escape(summary)}">\n<meta name="author" content="{author}">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
        f'<meta property="article:section" content="{section}">\n'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    body = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
    listing = _listing_path(index // ARTICLES_PER_PAGE + 1)
    main = (
        f'<article class="post">\n<h1 class="entry-title">{escape(title)}</h1>\n'
        f'<p class="byline">By <span class="author">{author}</span> · '
        f'<time class="published" datetime="{iso}">{published:%d %B %Y, %H:%M}</time></p>\n'
        f'<div class="entry-content">\n{body}\n</div>\n'
        f'<footer><a href="{listing}">More stories</a></footer>\n</article>'
    )
    return path, title, published, _page("en", _head(title, path, "article", extra), main)


def _listing_path(page: int) -> str:
    return "/" if page == 1 else f"/page/{page}/"


def _listing(page: int, pages: int, items: list[tuple[str, str, datetime]]) -> bytes:
    path = _listing_path(page)
    links = "\n".join(
        f'<article class="post"><h2><a href="{p}">{escape(t)}</a></h2>'
        f'<time datetime="{d.isoformat()}">{d:%d %B %Y}</time></article>'
        for p, t, d in items
    )
    # Numbered pagination to every page keeps the whole archive two links from the home page.
    numbers = " ".join(
        f'<span class="current">{k}</span>' if k == page else f'<a href="{_listing_path(k)}">{k}</a>'
        for k in range(1, pages + 1)
    )
    rel = ""
    if page > 1:
        rel += f'<link rel="prev" href="{_B}{_listing_path(page - 1)}">\n'
    if page < pages:
        rel += f'<link rel="next" href="{_B}{_listing_path(page + 1)}">\n'
    title = "Latest news" if page == 1 else f"Latest news – page {page}"
    main = f'<h1>{title}</h1>\n{links}\n<nav class="pagination">{numbers}</nav>'
    return _page("en", _head(title, path, "website", rel), main)


def _sitemap(items: list[tuple[str, str, datetime]]) -> bytes:
    urls = "\n".join(
        f"  <url><loc>{_B}{p}</loc><lastmod>{d.isoformat()}</lastmod></url>" for p, _, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    ).encode()


def generate_site(n_articles: int, *, seed: int = 0) -> SiteFiles:
    """A deterministic synthetic site with ``n_articles`` article pages, listings, sitemap and robots.txt."""
    if n_articles < 0:
        raise ValueError("n_articles must be >= 0")
    rng = random.Random(seed)
    files: SiteFiles = {}
    items: list[tuple[str, str, datetime]] = []
    for index in range(n_articles):
        path, title, published, body = _article(rng, index)
        files[path] = SiteFile(_HTML, body)
        items.append((path, title, published))
    pages = max(1, -(-n_articles // ARTICLES_PER_PAGE))
    for page in range(1, pages + 1):
        chunk = items[(page - 1) * ARTICLES_PER_PAGE : page * ARTICLES_PER_PAGE]
        files[_listing_path(page)] = SiteFile(_HTML, _listing(page, pages, chunk))
    files["/sitemap.xml"] = SiteFile("application/xml", _sitemap(items))
    files["/robots.txt"] = SiteFile(
        "text/plain; charset=utf-8", f"User-agent: *\nAllow: /\n\nSitemap: {_B}/sitemap.xml\n".encode()
    )
    return files


def article_paths(files: SiteFiles) -> list[str]:
    """The article pages of a generated site, newest first."""
    return [path for path in files if path.startswith(ARTICLE_PREFIX)]
