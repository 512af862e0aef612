"""People versus organisations in a byline: "Reuters", "Telegraph Sport", "Staff Reports" or the site's own name
are an ``organisation`` byline, not authors; beside a person they are an affiliation and are dropped
("Tom Krisher, AP Auto Writer", "Sandee LaMotte, CNN")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsflow_ingest.extraction.byline_tokens import NEWS_AGENCIES
from newsflow_ingest.extraction.byline_words import DESK_WORDS

# Wire services and agencies (https://en.wikipedia.org/wiki/News_agency), as bylines print them.
_AGENCIES = frozenset(
    {
        "ap", "the associated press", "associated press", "reuters", "afp", "agence france-presse", "upi",
        "pti", "ians", "ani", "dpa", "efe", "ansa", "xinhua", "tass", "ria novosti", "anadolu agency", "kyodo",
        "yonhap", "bloomberg", "bernama", "wam", "spa", "sputnik", "bbc", "cnn", "cbs", "nbc", "abc", "rt",
    }
)  # fmt: skip
# Words that make a byline a desk, a publication or a company rather than a person.
_ORGANISATION_WORDS = frozenset(
    {
        "staff", "bureau", "desk", "editorial", "editors", "team", "newsroom", "reports", "sport", "sports",
        "news", "media", "press", "agency", "agencies", "wire", "wires", "service", "services", "online",
        "digital", "magazine", "insider", "post", "times", "journal", "network", "tv", "radio", "weekly",
        "daily", "business", "advance", "group", "inc", "ltd", "llc", "company", "publishing", "herald",
        "tribune", "gazette", "telegraph", "guardian", "international", "national", "security", "auto",
        # the editorial desk in other languages ("TC Redazione", "Redaktion Wirtschaft", "La Rédaction")
        "redazione", "redaktion", "rédaction", "redacción", "redação", "redactie", "redakcja", "redaksi",
        # institutions a press release or a study is credited to ("Institute for Basic Science")
        "institute", "institut", "instituto", "istituto", "university", "universität", "université",
        "universidad", "università", "universidade", "foundation", "laboratory", "ministry", "association",
        "society", "council", "hospital", "museum", "commission", "corporation", "organization", "organisation",
        # "agencies" as Spanish, Portuguese, French, Italian and German bylines credit wire copy ("Agencias",
        # "Agência Brasil"), and the newspaper word of "USA TODAY", "Psychology Today"
        "agencia", "agencias", "agência", "agências", "agence", "agences", "agenzia", "agenzie", "agentur",
        "agenturen", "today",
        # research centres and companies an expert's byline names as affiliation ("Grover M. Hermann Center",
        # "Thales Trusted Cyber Technologies")
        "center", "centre", "technologies", "project",
        # newspapers' and sites' names ("San Francisco Chronicle", "Yahoo Finance")
        "chronicle", "examiner", "observer", "courier", "bulletin", "sentinel", "dispatch", "inquirer", "finance",
        # (and ``byline_words.DESK_WORDS``: the newsroom in the other major news languages, "Haber Merkezi",
        # "Redakce", "Σύνταξη")
    }
) | DESK_WORDS  # fmt: skip
# How Chinese, Japanese and Korean outlets' names end: a website, a paper, an agency, a broadcaster, a newsroom
# ("新华网", "人民日报", "朝日新聞社", "編集部", "연합뉴스", "조선일보"); no personal name ends so
_CJK_ORGANISATION_ENDS = (
    "网", "網", "报", "報", "社", "新闻", "新聞", "电视台", "電視台", "テレビ", "ニュース", "編集部", "编辑部",
    "編輯部", "뉴스", "일보", "신문", "방송",
)  # fmt: skip
_WORD = re.compile(r"[\w.]+")
_COMMENTER = re.compile(r"\s+(?:commented|says|said|replied)$", re.I)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
# An acronym of three capitals or more opening a name in mixed case: a company's or a desk's ("ACLU Speech",
# "CNN Business"); two capitals are a person's initials ("EJ Antoni", "AJ Smith")
_ACRONYM_FIRST = re.compile(r"^[A-Z]{3,5}\s+(?=\S*[a-z])")


def is_organisation(name: str, site_names: Iterable[str] = (), url: str | None = None) -> bool:
    """Whether ``name`` names an organisation: an agency, a desk/publication word, an acronym, or the site."""
    key = name.casefold().strip()
    # "The Worcester Telegram", "The Weather Channel": an article starts a company's name, never a person's
    if key.startswith("the ") and len(key.split()) >= 2:
        return True
    if (
        key in _AGENCIES
        or key in NEWS_AGENCIES
        or _ACRONYM.match(name)
        or _ACRONYM_FIRST.match(name)
        or ".com" in key
    ):
        return True
    if len(key) > 2 and key.endswith(_CJK_ORGANISATION_ENDS):
        return True
    words = [word.strip(".") for word in _WORD.findall(key)]
    if any(word in _ORGANISATION_WORDS or word in _AGENCIES for word in words):
        return True
    # words with vowel signs ("ब्यूरो", "ডেস্ক"), which ``_WORD`` breaks apart: compared as spaced words
    if not key.isascii() and any(word in DESK_WORDS for word in key.split()):
        return True
    return names_the_site(name, site_names, url)


def names_the_site(name: str, site_names: Iterable[str] = (), url: str | None = None) -> bool:
    """Whether ``name`` is the site's own name (og:site_name, the publisher, the copyright holder) or its host
    name's label ("BBC" on bbc.com), spaces and punctuation aside."""
    squashed = re.sub(r"\W+", "", name.casefold())
    if any(squashed and squashed == re.sub(r"\W+", "", site.casefold()) for site in site_names if site):
        return True
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in ("www", "com", "net", "org", "co", "uk")]
    return bool(squashed) and squashed in labels


def split_organisations(
    names: list[str], site_names: Iterable[str] = (), url: str | None = None
) -> tuple[list[str], str | None]:
    """``(people, organisation)``: commenters go, organisations beside people go, an organisation alone is the
    organisation byline."""
    sites = list(site_names)
    names = [name for name in names if not _COMMENTER.search(name)]
    people = [name for name in names if not is_organisation(name, sites, url)]
    if people:
        return people, None
    organisations = [name for name in names if is_organisation(name, sites, url)]
    return [], organisations[0] if organisations else None


# "Copyright (c) Condé Nast 2022. All rights reserved.", "© 2019 Example Media GmbH", "(C) 1998-2024 The Paper"
_COPYRIGHT_NOISE = re.compile(
    r"copyright|\(c\)|©|\ball rights reserved\b.*|\btous droits réservés\b.*|\balle rechte vorbehalten\b.*|"
    r"\d{4}(?:\s*[-–]\s*\d{4})?",
    re.I,
)
_MAX_HOLDER_WORDS = 6


def copyright_holder(notice: str | None) -> str | None:
    """The rights holder named by a copyright notice (``<meta name="copyright">``): a company, so that the
    same name in an author tag is read as the organisation, not a person; ``None`` for a long statement."""
    if not notice:
        return None
    holder = " ".join(_COPYRIGHT_NOISE.sub(" ", notice).split()).strip(" .,;:-")
    return holder if holder and len(holder.split()) <= _MAX_HOLDER_WORDS else None
