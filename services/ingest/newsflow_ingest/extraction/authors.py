"""Author names: read bylines from the markup and clean them into a list of names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain, islice
from typing import Any, NamedTuple

from lxml import etree

from newsflow_ingest.extraction.byline_tokens import (
    NEWS_AGENCIES,
    SIGN_WORD_PATTERN,
    SIGN_WORDS,
    BylineToken,
    classify_part,
    is_picture_label,
    pre_classify,
    strip_name_decorations,
)
from newsflow_ingest.extraction.byline_words import (
    CASED_JOINERS,
    OTHER_CREDIT_START,
    UNCASED_JOINERS,
    split_other_credits,
    strip_sign,
)
from newsflow_ingest.extraction.cjk_bylines import rewrite_cjk_byline
from newsflow_ingest.extraction.document import class_and_id, element_text, normalize_space

_BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|reported|reporting|story|text|words|analysis|opinion|commentary|review|photos?|"
    r"compiled|interview)\s+)?"
    rf"(?:{SIGN_WORD_PATTERN}|di)\s*:?\s+",  # Italian "di" too, in byline markup only
    re.I,
)
# "ByTravis Haney": the prefix glued to a capitalised name (markup with no space between two elements)
_GLUED_BY = re.compile(rf"^(?:{'|'.join(word.capitalize() for word in SIGN_WORDS)})(?=[A-Z][a-z])")
# (also glued to the name, two elements with no space between: "Alissa Wilkinson@alissamarie"; an e-mail address
# went first, with ``_URL``)
_HANDLE = re.compile(r"(?:^|\s|(?<=[^\W\d_]))@\w+")
# A capitalised word glued to a word of five letters or more ("HiltzikBusiness Columnist", "AllanProfileFollow"):
# two elements, no space between; a capital after one to three letters is the name's own ("McDonald",
# "MacArthur", "LaMotte", "DiCaprio", "FitzGerald")
# A single word so written is a handle ("CarolRomig"), and stays: only a word after the first is split
_GLUED_WORD = re.compile(r"(?<=\S\s)(?!LinkedIn\b)([^\W\d_][a-zà-öø-ÿ]*[a-zà-öø-ÿ]{4})(?=[A-Z][a-z])")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\S+@\S+\.\w+")
# Time units after a number, in the major news languages (Turkish, Indonesian/Malay, Vietnamese, Cyrillic,
# Polish/Czech, Hungarian, Greek, Hebrew, Arabic/Persian/Urdu, Hindi, Bengali, Thai, Nordic, Dutch, Finnish,
# Romanian): a reading time or a relative time, never part of a name
_TIME_UNITS = "|".join(
    (
        "dakika", "dk", "saat", "gün", "hafta", "menit", "minit", "jam", "hari", "minggu", "bulan", "tahun",
        "phút", "giờ", "ngày", "tuần", "tháng", "năm", "sat", "sata", "sati", "dana", "сата", "сати", r"мин\w*",
        r"час\w*", r"дн\w*", "день", r"недел\w*",
        r"хвилин\w*", "хв", r"годин\w*", r"minut\w*", r"godzin\w*", r"hodin\w*", "dni", "perc", "óra", "órája",
        "napja", r"λεπτ\w*", r"ώρ\w*", "דקות", "דקה", "שעות", "שעה", "ימים", "دقائق", "دقيقة", "دقیقه", "منٹ",
        "ساعة", "ساعات", "ساعت", "گھنٹے", "أيام", "روز", "मिनट", "घंटे", "মিনিট", "ঘণ্টা", "นาที", "ชั่วโมง",
        "minutter", "minuter", "minutt", "minuten", "minuuttia", "tuntia", "timmar", "timer", "uur", "ore",
    )
)  # fmt: skip
# "Reading time" in the same languages, before its figure ("Okuma süresi: 5 dk", ``_BEFORE_FIGURE``)
_READING_TIME = "|".join(
    (
        r"okuma\s+süresi", r"waktu\s+baca", r"czas\s+czytania", r"время\s+чтения", r"час\s+читання",
        r"thời\s+gian\s+đọc", "lukuaika", "lästid", "lesetid", "læsetid", "leestijd", r"doba\s+čtení",
        r"olvasási\s+idő", r"χρόνος\s+ανάγνωσης", r"זמן\s+קריאה", r"وقت\s+القراءة", r"مدة\s+القراءة",
        r"زمان\s+مطالعه", r"tempo\s+di\s+lettura", r"tempo\s+de\s+leitura",
    )
)  # fmt: skip
# Everything from a date/time or a publishing verb on is not part of a name.
# A year is found by digit boundaries, not word boundaries: against CJK characters ("谢若含2017-03-01",
# "2019年04月28日") there is no word boundary, and the name was dropped with its date.
_TRAILING_DATE = re.compile(
    r"\s*(?:\b(?:published|updated|posted|last updated|on)\b|\b\d{1,2}[:/.]\d{1,2}|(?<!\d)(?:19|20)\d{2}(?!\d)|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    # the reading time ("5 minute Read", "4 min read", "Lesezeit: 3 Min.")
    r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+(?:read|de lecture)\b|\b(?:reading time|lesezeit|temps de lecture|"
    r"tiempo de lectura)\b|"
    # a relative time ("2 months", "3 hours ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas")
    r"\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b|"
    r"\b(?:vor|il y a|hace|há)\s+\d).*$",
    re.I,
)
# The same in the other major news languages, each starting with a figure (most bylines hold none, and those
# that do are searched from a figure: the 60 time words cost no byline a pass over every position):
_WORLD_DATE = re.compile(
    # a day, a month's name and the year, in any language ("12 Mart 2024", "12 марта 2024", "12 martie 2024");
    # year, month and day in figures (the Persian calendar's "1403/01/25" too); a reading or a relative time
    # ("5 dakika okuma", "3 saat önce", "5 menit baca", "2 jam yang lalu", "5 phút đọc", "5 минут чтения",
    # "٥ دقائق قراءة", "4 דקות קריאה", "3 मिनट")
    r"(?<!\d)\d(?:\d?\.?\s+[^\W\d_]{3,}\.?,?\s+(?:de\s+)?(?:19|20)\d{2}(?!\d)|\d{3}[-/.]\d{1,2}[-/.]\d{1,2}|"
    rf"\d*\s*(?:{_TIME_UNITS})(?![^\W\d_]))",
    re.I,
)
# ... and what stands before that figure: "ago" ("prije 5 minuta", "пре 2 сата", "před 3 hodinami", "πριν 2
# ώρες", "acum 2 ore", "منذ 3 ساعات", "לפני 3 שעות", "för 2 timmar sedan") or the reading time's label ("Okuma
# süresi: 5 dk", "Waktu baca 5 menit", "Czas czytania: 3 min")
_BEFORE_FIGURE = re.compile(
    r"(?:(?<![^\W\d_])(?:prije|pre|пре|преди|před|pred|przed|πριν|acum|منذ|לפני|för)|"
    rf"(?<![^\W\d_])(?:{_READING_TIME})\s*[:：]?)\s*$",
    re.I,
)
_BEFORE_FIGURE_CHARS = 40
_DIGIT = re.compile(r"\d")
# Eastern Arabic, Persian, Devanagari and Bengali figures, read as ASCII figures by the date cut (one character
# for one: the cut's position holds in the byline as printed)
_ASCII_FIGURES = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९০১২৩৪৫৬৭৮৯", "0123456789" * 4)
# "Washington PostDec 13, 2016": a month glued to the word before it (two elements, no space between)
_GLUED_DATE = re.compile(
    r"(?<=[A-Za-z])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s+\d{1,2}\b.*$"
)
# A label before the name: "著者：後藤大地", "Autor: Max Muster", "Text: …"
_NAME_LABEL = re.compile(
    r"^\s*(?:著者|作者|筆者|執筆者|执笔|撰文|文|记者|記者|ライター|テキスト|author|autor|autorin|auteur|autore|text|"
    r"texto|testo|текст|автор)"
    r"\s*[:：]\s*",
    re.I,
)
# A link's label around the name it points to: "View all posts by Will Macmaster"
_POSTS_BY = re.compile(
    r"^\s*(?:view|see|read)\s+(?:all\s+|more\s+)?(?:posts|articles|stories)\s+(?:by|from)\s+", re.I
)
# The label of an ORCID link glued to each scholar's name ("View ORCID ProfileElizabeth Raupach")
_ORCID = re.compile(r"view orcid profile", re.I)
# Co-authors in brackets after the first: "Martin Untersinger (avec Damien Leloup et Morgane Tual)"
_WITH_BRACKET = re.compile(r"\s*\((?:avec|with|mit|con|com)\s+([^()]+)\)", re.I)
# Credits for other work than the writing, in a byline beside the author's: they start a piece of their own
# (pictures, graphics, design, a medical or expert review, a fact check; "with" before one joins it to the name)
_OTHER_CREDIT = re.compile(
    r"(?:\bwith\s+)?\b(?:edited|photography|photos?|pictures|graphics?|design(?:ed)?|styled|illustrat(?:ed|ions?)|"
    r"translated|fact[- ]checked|(?:medically\s+|expert\s+)?reviewed|produced|video|additional\s+reporting|"
    r"editing)\s+by\b|\b(?:additional\s+)?contributions?\s+(?:from|by)\b|"
    # a picture's "(Photo) courtesy of …" (misspelt "Courtsey" on some pages)
    r"\b(?:photos?\s+)?court(?:esy|sey)\s+of\b",
    re.I,
)
# ... and in Chinese and Japanese, an editor's label ("作者：张三 编辑：李四", "责任编辑：李四", "編集：…")
_CJK_OTHER_CREDIT = re.compile(r"(?:责任编辑|責任編輯|责编|責編|编辑|編輯|編集|校对|校對)\s*[:：]")
# ... and in CJK, a suffix: "嶋田 健志 監訳" (supervised translation), "訳" (translation), "イラスト", "絵", "写真"
_OTHER_CREDIT_SUFFIX = ("監訳", "訳", "译", "イラスト", "絵", "写真", "摄影", "編")
# A sentence about the writer (an author box's biography): "… is science journalist based in …"
_BIOGRAPHY = re.compile(
    r"\b(?:is|was)\s+(?:a|an)\s+[a-z]|\bis\s+(?:[a-z]+\s+)?(?:journalist|writer|reporter|editor|correspondent)\b|"
    r"\bbased in\b|\bwrites (?:about|for)\b|\bhas (?:been|written|worked)\b"
)
_CALLS_TO_ACTION = re.compile(
    r"(?:\b(?:email|e-mail|contact|follow|read more from|more from|see all|twitter|facebook)\b|"
    r"view (?:all|more|author)\b|more articles\b|more by\b|(?:all )?(?:posts|articles|stories) by\b|"
    # an author link's label glued to the name ("Melissa Heikkiläarchive page"), a profile's buttons
    r"author archive|archive page|\bprofile(?!(?-i:[a-z]))|\bunfollow\b|\brss feed\b|"
    # an icon's label read as text ("By Michaela Zee Plus Icon": a follow button's picture)
    r"\b(?:plus\s+)?icon\b|"
    # a link to the writer's biography ("Bio", "See Full Bio")
    r"\b(?:see\s+|read\s+)?(?:full\s+)?bio\b|"
    # a story's buttons and counters read with the byline ("0 Comments", "Share this article", "Listen to this
    # article", "Subscribe", "Filed under:", the writer's LinkedIn, Instagram or website)
    r"(?:\b\d+\s+|\bno\s+)?\bcomments?\b|\bleave a (?:comment|reply)\b|\bshare\b|\btweet\b|\bprint\b|"
    r"\blisten\b|\bsubscribe\b|\bfiled under\b|\bshow more\b|\blinkedin\b|\binstagram\b|\bwebsite\b|"
    r"\bsend\b).*$",
    re.I,
)
# "Jane Doe. Example News": a full stop after a word of two letters or more (not an initial) ends the name.
_SEPARATORS = re.compile(
    r"\s*(?:\||•|·|;|,|،|、|，|\band\b|&|\bund\b|\bet\b|\by\b|\s-\s|\s–\s|\s—\s|/|(?<=\w\w)\.\s+(?=[A-Z]))\s*",
    re.I,
)
# "and" in Italian and Portuguese ("e"), Dutch ("en") and Russian ("и") between two names of two words or more
# ("Mario Rossi e Luca Bianchi", "Piet Jansen en Kees de Vries"): short words that also sit inside names ("Maria
# e Silva", "Jan de Vries en zoon"), so only between a first and a last name on each side, the second capitalised.
# "with" ("mit", "avec", "con", "com") likewise joins a second writer ("Jane Doe with John Smith"; "with
# additional reporting by" is another credit, ``_OTHER_CREDIT``)
# The same in the other major news languages ("Budi Santoso dan Rina Wati", "Ahmet Yılmaz ve Ayşe Kaya", "Jan
# Kowalski i Anna Nowak": ``byline_words.CASED_JOINERS``), the capital of Latin, Greek and Cyrillic scripts after it
_SHORT_AND = re.compile(
    rf"\s+(?:e|en|и|with|mit|avec|con|com|{'|'.join(CASED_JOINERS)})\s+"
    r"(?=(?-i:[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁΑ-ΩΆ-Ώ])[\w'’.-]*\s+[^\W\d_])"
)
_JOINERS = frozenset(("e", "en", "и", "with", "mit", "avec", "con", "com", *CASED_JOINERS))
_TWO_WORDS_BEFORE = re.compile(r"[^\W\d_][\w'’.-]*\s+[^\W\d_][\w'’.-]*$")
# ... and in scripts without case, a spaced "and" between two names of two words or more ("नवीन कुमार और प्रिया
# सिंह", "علی رضایی و مریم احمدی"); their words hold vowel signs that ``\w`` does not match, so words are counted.
# Hebrew glues its "and" to the second name ("דני כהן ורונית לוי"): two names of two words or more, side by side
# with nothing else between them, are two people (Arabic glues "و" too, but its names run to four parts and some
# start with "و", "وليد", "وائل": not split)
_UNCASED_AND = re.compile(
    rf"\s+(?:{'|'.join(UNCASED_JOINERS)})\s+|(?<=[\u05d0-\u05ea])\s+ו(?=[\u05d0-\u05ea]{{2}})"
)


def _split_short_and(text: str) -> str:
    """``text`` with a comma for each ``_SHORT_AND`` joining two names of two words or more."""
    if " " not in text:
        return text
    if not text.isascii():
        text = _split_uncased_and(text)
    if _JOINERS.isdisjoint(text.split()):
        return text  # no joining word: the pattern's scan of every space skipped (most bylines)
    pieces, start = [], 0
    for match in _SHORT_AND.finditer(text):
        if _TWO_WORDS_BEFORE.search(text, start, match.start()):
            pieces += [text[start : match.start()], ", "]
            start = match.end()
    return "".join(pieces) + text[start:] if pieces else text


_SEPARATOR_CHARS = re.compile(r"[|,،;/•·\-–—(]")


def _split_uncased_and(text: str) -> str:
    """``text`` with a comma for each ``_UNCASED_AND`` between two names of two to four words each, counted up
    to the nearest separator ("خبرگزاری … | آخرین اخبار ایران و جهان | YJC", a tagline, stays)."""
    pieces, start = [], 0
    for match in _UNCASED_AND.finditer(text):
        before = _SEPARATOR_CHARS.split(text[start : match.start()])[-1].split()
        after = _SEPARATOR_CHARS.split(text[match.end() :], maxsplit=1)[0].split()
        if 2 <= len(before) <= _MAX_NAME_WORDS - 1 and 2 <= len(after) <= _MAX_NAME_WORDS - 1:
            pieces += [text[start : match.start()], ", "]
            start = match.end()
    return "".join(pieces) + text[start:] if pieces else text


# Job titles that follow a name in a byline ("Jane Doe, Staff Writer").
_ROLE_WORDS = frozenset(
    {
        "staff", "writer", "reporter", "correspondent", "editor", "contributor", "columnist", "senior",
        "chief", "special", "associate", "political", "foreign", "national", "deputy", "managing", "bureau",
        "producer", "photographer", "analyst", "desk", "news", "team", "contributing", "freelance",
        "journalist", "assistant", "executive", "lead", "author", "editor-in-chief", "editor-at-large",
        # company officers' titles after a name ("Gina Scinta, Deputy CTO")
        "ceo", "cto", "cfo", "coo", "cio", "ciso", "cmo", "vp", "svp", "evp",
    }
)  # fmt: skip
# The noun that ends an English job title ("Senior Politics Editor", "Chief Technology Officer"): when a byline
# piece ends with one, the title starts at its first role word after the name, and a single word left before it
# is a desk ("Games Editor"), not a name.
_JOB_NOUNS = frozenset(
    {
        "writer", "reporter", "correspondent", "editor", "contributor", "columnist", "producer", "photographer",
        "analyst", "journalist", "officer", "director", "critic", "president", "fellow", "publisher",
        "technologist",
    }
)  # fmt: skip
_JOB_OF = re.compile(r"^(?:head|chief|director|editor|president|vice president|founder) of\b", re.I)
# "Howard BlumeStaff Writer": a role word glued to the name (two elements, no space between them)
_GLUED_ROLE = re.compile(
    r"(?<=[a-z])(?=(?:Staff|Senior|Chief|Contributing|Special|Editor|Reporter|Writer)\b)"
)
_NOT_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "staff",
        "editor",
        "editors",
        "unknown",
        "anonymous",
        "guest",
        "author",
        "authors",
        "autor",
        "autorin",
        "auteur",
        "autore",
        "byline",
        # a guest or anonymous account, in the languages newsflow reads (a comment form's default nick)
        "gast", "invité", "invitée", "invitado", "invitada", "ospite", "convidado", "гость", "anonym",
        "anonyme", "anónimo", "anonimo", "anônimo", "аноним", "匿名",
    }
)  # fmt: skip
_MAX_NAME_WORDS = 5
_MAX_HTML_BYLINES = 5


def clean_author_names(raw: str) -> list[str]:
    """Split a byline into names: "By JANE DOE and John Smith, Staff Writer | Email the author" gives
    ``["Jane Doe", "John Smith"]``. Prefixes, roles, dates, handles, URLs and calls to action are dropped, and so
    are the pieces ``classify_byline`` drops (picture credits...); an agency stays, as an organisation name."""
    return [token.text for token in classify_byline(raw) if token.kind != "dropped"]


def classify_byline(raw: str) -> list[BylineToken]:
    """Every piece of a byline with its verdict: a person, an organisation, or dropped with a reason."""
    settled = pre_classify(raw)
    if settled is not None:
        return [settled]
    if _BIOGRAPHY.search(raw):
        return [BylineToken(normalize_space(raw), "dropped", "biography")]
    text = _GLUED_ROLE.sub(" ", _GLUED_BY.sub("", normalize_space(raw)))
    text = rewrite_cjk_byline(text)
    text = _ORCID.sub(" | ", _POSTS_BY.sub("", strip_sign(_NAME_LABEL.sub("", text), agencies=NEWS_AGENCIES)))
    # another credit's label after the writer's name ("Penulis: Budi Editor: Rina", "Teksti: Matti Kuva: Liisa")
    text = split_other_credits(text)
    text = _split_short_and(_WITH_BRACKET.sub(r", \1", text))
    text = _OTHER_CREDIT.sub(lambda credit: " | " + credit.group(0), text)
    if not text.isascii():
        text = _CJK_OTHER_CREDIT.sub(lambda credit: " | " + credit.group(0), text)
    text = _GLUED_DATE.sub("", text)
    text = _URL.sub(" ", text)
    text = _GLUED_WORD.sub(r"\1 | ", _HANDLE.sub(" ", text))
    text = _CALLS_TO_ACTION.sub("", text)
    text = _without_date(text)
    tokens: list[BylineToken] = []
    for part in _SEPARATORS.split(text):
        token = _classify_piece(part)
        if token and all(token.text != seen.text for seen in tokens):
            tokens.append(token)
    return _agency_dateline(tokens, text)


# The sign before a name, after the date ("Published May 12, 2023 by Jane Doe"): tested case-sensitively on the
# name's first letter, so "by the river" or "by 5 p.m." is no sign
_SIGN_AFTER_DATE = re.compile(rf"\b(?:{SIGN_WORD_PATTERN})\s+(?=(?-i:[^\W\d_a-z]))", re.I)
_FULL_NAME = re.compile(r"(?-i:[^\W\d_a-z])[\w'’.-]*\s+(?-i:[^\W\d_a-z])")


def _without_date(text: str) -> str:
    """``text`` cut where a date, a time or a publishing verb starts (``_TRAILING_DATE``); but when a byline
    prints the date first and the writer after it ("Posted on May 12, 2023 by Jane Doe", "Publié le 12 mai 2023
    par Jean Dupont"), what follows the sign, since the cut would take the name too. A name before the date
    ("Jane Doe, May 12, 2023 by …") keeps the cut."""
    figures = text if text.isascii() else text.translate(_ASCII_FIGURES)
    start = _date_start(figures, 0)
    if start is None:
        return text
    if not _FULL_NAME.search(text, 0, start):
        sign = _SIGN_AFTER_DATE.search(text, start)
        if sign:
            end = _date_start(figures, sign.end())
            return text[sign.end() : len(text) if end is None else end]
    return _LABEL_LEFT.sub("", text[:start])


def _date_start(figures: str, position: int) -> int | None:
    """Where the first date, time or publishing verb of ``figures`` (a byline, its figures in ASCII) starts at
    ``position`` or after (``_TRAILING_DATE``, ``_WORLD_DATE``); ``None`` when none does."""
    date = _TRAILING_DATE.search(figures, position)
    world = _WORLD_DATE.search(figures, position) if _DIGIT.search(figures, position) else None
    starts = [found.start() for found in (date, world) if found is not None]
    if not starts:
        return None
    start = figure = min(starts)
    while figure < len(figures) and figures[figure].isspace():
        figure += 1  # (``_TRAILING_DATE`` takes the spaces before the date)
    if figures[figure : figure + 1].isdigit():
        before = _BEFORE_FIGURE.search(figures, max(position, figure - _BEFORE_FIGURE_CHARS), figure)
        start = before.start() if before else start
    while start > position and figures[start - 1].isspace():
        start -= 1
    return start


# A date's label left at the end once the date is cut, after a separator: "Yazan: Ahmet Yılmaz | Güncelleme: "
# ("Updated:" in Turkish; "Aktualizace:", "Cập nhật:", "Обновлено:" alike), a word or two before a colon: the
# label of what was cut, not a name. (At the start, after no separator, the words are the name: "Jane Doe: …")
_LABEL_LEFT = re.compile(r"(?:[|,·•;]|\s[-–—])\s*(?:[^\W\d_]\S*\s+)?[^\W\d_][^\s:：]*\s*[:：]\s*$")


def _agency_dateline(tokens: list[BylineToken], text: str) -> list[BylineToken]:
    """A news agency's credit followed, after a comma, by the place its story was filed from ("Reuters,
    Washington", "PTI, New Delhi"): that place reads as a name but is the dateline (dropped)."""
    if len(tokens) < 2 or tokens[0].reason != "news agency" or tokens[1].kind != "person":
        return tokens
    if not re.search(re.escape(tokens[0].text) + r"\s*,\s*" + re.escape(tokens[1].text), text):
        return tokens
    return [tokens[0], BylineToken(tokens[1].text, "dropped", "dateline place"), *tokens[2:]]


# Degrees and licences written after a name and split from it by commas ("Rachael Link, MS, RD"), compared
# without dots or spaces ("M.D.", "Ph. D.")
_DEGREES = frozenset(
    {
        "md", "phd", "do", "rn", "rd", "rdn", "ms", "msc", "ma", "mba", "mph", "drph", "dds", "dmd", "dvm", "np",
        "pa-c", "pharmd", "psyd", "lcsw", "cde", "cdn", "ld", "ldn", "cpt", "facp", "bsn", "msn", "dnp", "lpc",
    }
)  # fmt: skip
# CJK brackets frame a whole byline sign ("《KT》" on RBB Today, "【松村太郎】") as quotes would; a full-width
# slash left at an end once a date after it is cut ("ライトハウス国際特許事務所 ／ 2016.12.01") goes too (inside a
# name it stays: "NeoL／ネオエル" is one name in two scripts); so do round brackets round a whole name (a Japanese
# signature "（山田太郎）", Xinhua's "（记者张三）") and a Korean wire lead's "=" ("홍길동 기자 =")
_FRAME = " .:-–—\"'“”《》【】「」『』〈〉〔〕／（）()="


# Cities of two words or more a byline names after the writer as the dateline ("Jane Doe | New York"): one word
# beside a full name is dropped anyway (``fields._without_lone_words``), these read as a name
_CITIES = frozenset(
    {
        "new york", "los angeles", "san francisco", "san diego", "san jose", "las vegas", "new orleans",
        "st. louis", "salt lake city", "kansas city", "washington dc", "washington d.c.", "hong kong",
        "new delhi", "mexico city", "buenos aires", "são paulo", "sao paulo", "rio de janeiro", "tel aviv",
        "kuala lumpur", "cape town", "abu dhabi", "ho chi minh city", "addis ababa", "santo domingo",
    }
)  # fmt: skip


def _classify_piece(part: str) -> BylineToken | None:
    stripped = part.strip(_FRAME)
    if not stripped:
        return None
    # a label of the major news languages' credits ends with a colon (``byline_words``)
    labelled = ":" in stripped or "：" in stripped
    if (
        _OTHER_CREDIT.match(stripped)
        or _CJK_OTHER_CREDIT.match(stripped)
        or (labelled and OTHER_CREDIT_START.match(stripped))
        or (stripped.endswith(_OTHER_CREDIT_SUFFIX) and " " in stripped)
    ):
        return BylineToken(stripped, "dropped", "other credit")
    if labelled and is_picture_label(stripped):
        return BylineToken(stripped, "dropped", "picture credit label")
    if stripped.replace(".", "").replace(" ", "").casefold() in _DEGREES:
        return BylineToken(stripped, "dropped", "degree")
    if stripped.casefold() in _CITIES:
        return BylineToken(stripped, "dropped", "dateline place")
    unsigned = strip_sign(_BY_PREFIX.sub("", stripped), agencies=NEWS_AGENCIES)
    settled = classify_part(unsigned) or _desk_credit(unsigned)
    if settled is not None:
        return settled
    bare = strip_name_decorations(stripped)
    name = _clean_name(bare)
    if name is None:
        reason = "job title" if not normalize_space(bare) else "not a name (role, handle, date or label)"
        return BylineToken(stripped, "dropped", reason)
    settled = classify_part(name)
    return settled or BylineToken(name, "person")


# The last word of a collective credit: "AOL Staff", "National Desk", "Smart Shopping Team", "Staff Reports"
_COLLECTIVE_WORDS = frozenset({"staff", "desk", "team", "bureau", "newsroom", "reports", "staffers", "news"})


def _desk_credit(text: str) -> BylineToken | None:
    """A desk or staff credit, kept as displayed ("Our Foreign Staff", "BWW News Desk"): its collective word is
    what makes it an organisation, so it is not removed as a role word would be ("AOL Staff" is not "AOL").
    Two to five capitalised words, no digits; a lone "Staff" stays a non-name."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS or words[-1].casefold().strip(".,") not in _COLLECTIVE_WORDS:
        return None
    if any(ch.isdigit() for ch in text) or not words[0][:1].isupper():
        return None
    agency = classify_part(" ".join(words[:-1]))
    if agency is not None and agency.kind == "organisation":
        return agency  # "Reuters Staff": the agency's own desk, named as the agency
    if text.isupper():
        # capitals are the site's type style ("JERUSALEM POST STAFF"); short words are acronyms ("TMZ STAFF")
        text = " ".join(w if len(w) <= 3 else w.capitalize() for w in words)
    return BylineToken(text.strip(" .,"), "organisation", "desk or staff credit")


def is_desk_credit(text: str) -> bool:
    """Whether ``text`` is a desk or staff credit ("Science X staff", "BWW News Desk"): a newsroom's placeholder,
    which a byline the page shows naming the story's source may replace (``fields``)."""
    token = _desk_credit(text)
    return token is not None and token.reason == "desk or staff credit"


# A credit for other work than the writing, just before a name in the page's text ("Contributions from A and B",
# "Photography by C"), with no sentence end in between
_CREDITED_BEFORE = re.compile(
    r"(?:contributions? from|additional contributions? by|photography by|photos? by|styled by|styling by|"
    r"edited by|illustrat(?:ed|ions?) by|translated by|fact-checked by|video by)[^.!?]{0,60}$",
    re.I,
)
_MAX_PAGE_TEXT = 400_000


def credited_for_other_work(root: Any, names: list[str]) -> set[str]:
    """Those of ``names`` (a declared list of several authors; never its first) that the page's text credits
    for other work than the writing: JSON-LD lists contributors, photographers and stylists as authors, while
    the byline shows them as "Contributions from …" or "Photography by …"."""
    body = root.find("body")
    if body is None or len(names) < 2:
        return set()
    text = element_text(body, limit=_MAX_PAGE_TEXT)
    credited: set[str] = set()
    for name in names[1:]:
        for match in re.finditer(re.escape(name), text):
            if _CREDITED_BEFORE.search(text[max(0, match.start() - 80) : match.start()]):
                credited.add(name)
                break
    return credited


class BylineMarkup:
    """The byline markup of one tree (``_byline_elements``), walked on first use and kept: the authors reader
    reads it up to three times on a page (declared authors checked against the byline, a "Last, First" tag
    turned round, the byline read for names: a walk of the body each, 0.9 ms, speed, second round) and changes
    no tree in between."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._found: tuple[list[Any], list[Any], list[Any]] | None = None

    def elements(self) -> tuple[list[Any], list[Any], list[Any]]:
        """``_byline_elements`` of the tree, from the first call's walk."""
        if self._found is None:
            self._found = _byline_elements(self.root)
        return self._found


def byline_texts(root: Any, markup: BylineMarkup | None = None) -> list[str]:
    """Raw byline strings of the page markup: ``rel=author`` links, microdata authors, byline elements; failing
    those, links to an author page. ``markup``: the tree's byline markup, when already read (else walked now)."""
    found: list[str] = []
    linked, classed, author_links = (markup or BylineMarkup(root)).elements()
    for element in linked[:_MAX_HTML_BYLINES]:
        found.extend(_linked_names(element))
    if any(clean_author_names(text) for text in found):
        # author elements naming no one (a comment form's "Guest", a bare "By") do not end the search
        return found[:_MAX_HTML_BYLINES]
    found = []
    previous = None
    for element in classed:
        names = class_and_id(element)
        # author-bio boxes and comment authors carry the class too; a byline is short
        if "comment" in names or "bio" in names or "avatar" in names:
            continue
        text = element_text(element, limit=150)
        if text and found and found[-1].endswith(",") and element.getprevious() is previous:
            # "Reuters, " then " Washington, " in the next element: one line split over two, which the
            # classifier reads whole (an agency and its dateline)
            found[-1] = f"{found[-1]} {text}"
        elif text:
            found.append(text)
        previous = element
        if len(found) >= _MAX_HTML_BYLINES:
            break
    return _signed(found) or _author_link_texts(author_links)


# A byline element's text opening with the sign ("By Jane Doe", "by: Laurie Oakes", "Von Max Muster")
_SIGNED = re.compile(rf"^(?:{SIGN_WORD_PATTERN})\s*:?\s+\S", re.I)


def _signed(texts: list[str]) -> list[str]:
    """``texts`` (byline elements by class) reduced to those opening with the sign when one of them names a
    person so: the byline the page signs "By …" is the story's, while author elements without the sign beside
    it are a columnist's box, an author block naming other writers or another story's card. A sign marked apart
    from the names ("<span class=byline-prefix>By</span>") names no one, and all the texts stay."""
    # the sign in any of the major news languages ("Av …", "Yazan: …", "מאת …"), with the guards of the signs that
    # are also first names ("Oleh Pavliuk", "Theo Baker": ``byline_words.strip_sign``)
    signed = [
        text for text in texts if _SIGNED.match(text) or strip_sign(text, agencies=NEWS_AGENCIES) != text
    ]
    if not signed or len(signed) == len(texts) or not any(clean_author_names(text) for text in signed):
        return texts
    # the parts of a signed line (elements inside the signed one) stay with it
    return [text for text in texts if text in signed or any(text in line for line in signed)]


class BylineLines(NamedTuple):
    """The byline markup of the first story as lines a reader sees: ``own``, each byline element's (by class)
    text ("By Jane Doe, John Roe and Ann Poe"); ``whole``, the text of the element holding each author or byline
    element (the line it is part of, when only its prefix or last name is marked)."""

    own: list[str]
    whole: list[str]


def byline_lines(root: Any, markup: BylineMarkup | None = None) -> BylineLines:
    """Both readings of the page's byline lines, from one walk of the body (``markup``, when already read)."""
    linked, classed, _links = (markup or BylineMarkup(root)).elements()
    own = _texts(classed[:_MAX_HTML_BYLINES], whole_line=False)
    whole = _texts([*linked[:_MAX_HTML_BYLINES], *classed[:_MAX_HTML_BYLINES]], whole_line=True)
    return BylineLines(own, whole)


def _texts(elements: list[Any], *, whole_line: bool) -> list[str]:
    lines: list[str] = []
    for element in elements:
        names = class_and_id(element)
        if any(word in names for word in ("comment", "bio", "avatar")):
            continue
        parent = element.getparent()
        line = parent if whole_line and parent is not None and parent.tag != "body" else element
        text = element_text(line, limit=300 if whole_line else 150)
        if text and text not in lines:
            lines.append(text)
    return lines


def _linked_names(element: Any) -> list[str]:
    """The names of one ``rel``/``itemprop`` author element: each of its ``itemprop="name"`` elements (one
    microdata block may list several writers, glued with no space between), else its text."""
    texts: list[str] = []
    name_elements = element.findall(".//*[@itemprop='name']")
    for name_element in name_elements:
        text = element_text(name_element, limit=200)
        if not text and name_element.tag == "meta":
            # microdata gives an invisible name as <meta itemprop="name" content="…"> (some CMSs: value=)
            text = normalize_space(name_element.get("content") or name_element.get("value"))
        if text:
            texts.append(text)
        if len(texts) >= _MAX_HTML_BYLINES:
            break
    if name_elements:
        return texts
    text = element_text(element, limit=200)
    return [text] if text else []


def _author_link_texts(links: list[Any]) -> list[str]:
    """The texts of links to author pages, when nothing else marks a byline: a name linked to
    ``/author/180/`` (mynavi) is a byline whatever its classes say."""
    found: list[str] = []
    for link in links:
        text = element_text(link, limit=80)
        if text and text not in found:
            found.append(text)
        if len(found) >= _MAX_HTML_BYLINES:
            break
    return found


def _byline_elements(root: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The body's elements (body excluded) with ``rel``/``itemprop`` "author", and those whose class contains
    "byline" or "author", in document order; in each list, those inside a container of other stories (asides,
    navigation, related/teaser lists: their bylines are those stories') only when no other is found, since some
    layouts put the article's own byline in an ``<aside>`` or a "head-teaser". Third, links to an author page,
    likewise. One walk reading four attributes (libxml2 allocates for every attribute an XPath predicate
    compares)."""
    linked: list[Any] = []
    classed: list[Any] = []
    author_links: list[Any] = []
    body = root.find("body")
    if body is None:
        return linked, classed, author_links
    for element in body.iterdescendants(etree.Element):
        # ``rel`` is a list of tokens: rel="author noopener" (``itemprop`` is too, but reading "author creator"
        # as an author cost a held-out page: tenth pass, docs/extraction.md)
        rel = element.get("rel")
        if element.get("itemprop") == "author" or (rel and "author" in rel.split()):
            linked.append(element)
        classes = element.get("class")
        if classes and _names_byline(classes):
            classed.append(element)
        if element.tag == "a" and _links_author_page(element.get("href")):
            author_links.append(element)
    linked, classed, author_links = (_unquoted(found) for found in (linked, classed, author_links))
    return (
        _in_first_story(_outside_cards(_outside_other_stories(linked), body)),
        _in_first_story(_outside_cards(_outside_other_stories(classed), body)),
        _in_first_story(_outside_cards(_outside_other_stories(author_links), body)),
    )


# A link to one author's page: "/author/180/", "/authors/jane-doe", "/autor/max-muster.html", "/about/editors/
# jon-fingas/", "/contributors/…", "/periodistas/…" (not "/authors/" alone, a list of all authors; not
# "/columnists/…", which site menus list: tenth pass)
_AUTHOR_PAGE = re.compile(
    r"/(?:authors?|writers?|autor(?:en|es|i)?|auteurs?|editors?|journalists?|reporters?|contributors?|"
    r"periodistas?|giornalisti)/[^/?#\s]+",
    re.I,
)
# How every alternative of _AUTHOR_PAGE starts, after its slash (test_fast_paths checks the pattern against
# this list): a link holding none of them is no author page (``_links_author_page``).
_AUTHOR_PAGE_STEMS = (
    "/aut", "/writer", "/editor", "/journalist", "/reporter", "/contributor", "/periodista", "/giornalisti"
)  # fmt: skip
# Any of the stems, in one search of the lower-cased link (a generator over the eight cost 0.15 ms a page on the
# 160 links of a page: speed, second round)
_ANY_AUTHOR_PAGE_STEM = re.compile("|".join(re.escape(stem) for stem in _AUTHOR_PAGE_STEMS))


def _unquoted(elements: list[Any]) -> list[Any]:
    """``elements`` without those naming who said something quoted: the author of a ``<blockquote>``, a pull
    quote, a testimonial or a fact-checked claim (``statement-author``, ``quote__author``, ClaimReview's
    ``claim-author``) is a speaker, not the writer."""
    return [element for element in elements[:_MAX_CHECKED] if not _quoted(element)] + elements[_MAX_CHECKED:]


# The containers of a quotation by their class: "quote", "pullquote", "blockquote", "statement", "claim",
# "testimonial" as a word of the class ("statement-author", "quote__author"; not "fb-quotable")
_QUOTE_CLASS = re.compile(
    r"(?<![a-z])(?:pull-?quote|block-?quote|quote|statement|claim|testimonial)s?(?![a-z])", re.I
)
_QUOTE_TAGS = frozenset({"blockquote", "q"})


def _quoted(element: Any) -> bool:
    """Whether ``element`` or one of its nearest ``_MAX_LEVELS`` ancestors holds a quotation."""
    nodes = islice(chain((element,), element.iterancestors()), _MAX_LEVELS + 1)
    return _in_marked_container(nodes, _QUOTE_TAGS, _names_quote)


# Both class tests below run on every ancestor of every byline candidate (about 130 searches a page, mostly on the
# same few container classes): a class's answer is kept, 0.1 ms a page (speed, second round)
@lru_cache(maxsize=4096)
def _names_quote(classes: str) -> bool:
    """Whether a class attribute names a quotation's container (``_QUOTE_CLASS``)."""
    return _QUOTE_CLASS.search(classes) is not None


def _outside_cards(elements: list[Any], body: Any) -> list[Any]:
    """``elements`` without those in a story card: an ``<article>`` beside other ``<article>`` elements (a list
    of stories, or the next stories of an endless page) that does not hold the page's headline (its first
    ``<h1>``), when the headline is on the page."""
    if not elements:
        return elements  # before the walk for the headline (lxml's iterator reads on to the next <h1>: a whole walk)
    headline = next(body.iter("h1"), None)
    if headline is None:
        return elements
    return [element for element in elements if not _in_card(element, headline)]


def _in_card(element: Any, headline: Any) -> bool:
    story = next(element.iterancestors("article"), None)
    if story is None or any(a is story for a in headline.iterancestors("article")):
        return False
    parent = story.getparent()
    siblings = 0 if parent is None else sum(1 for child in parent if child.tag == "article")
    return siblings > 1


def _in_first_story(elements: list[Any]) -> list[Any]:
    """The bylines of the story the first byline belongs to: when the first sits inside an ``<article>``, the
    bylines outside that ``<article>`` sign other stories (a "latest news" block below it, a list of story cards
    each an ``<article>`` of its own), whatever their containers' classes say."""
    if len(elements) < 2:
        return elements
    story = next((a for a in elements[0].iterancestors("article")), None)
    if story is None:
        return elements
    return [element for element in elements if any(a is story for a in element.iterancestors("article"))]


# "byline"/"author" in any case: CSS-in-JS class names capitalise them ("css-1wkce1i-Byline",
# "PostHeader__ScAuthorNameSection"); "writer" as a word of its own ("writer", "writer-name", not "typewriter")
# "contributor" as well ("contributor__text--name", "ContributorContainer")
_BYLINE_CLASS = re.compile("byline|author|(?<![a-z])writer|contributor", re.I)


# The two patterns run on every element with a class and every link of the page (a third of the authors
# reader's time); an ASCII value without one of their words in lower case cannot match, and that test is a few
# substring scans. A non-ASCII value always gets the pattern: its case-insensitive matching also pairs "ſ" with
# "s" and "ı" with "i".
def _names_byline(classes: str) -> bool:
    """Whether a class attribute names a byline, an author or a writer (``_BYLINE_CLASS``)."""
    if classes.isascii():
        lowered = classes.lower()
        if (
            "byline" not in lowered
            and "author" not in lowered
            and "writer" not in lowered
            and ("contributor" not in lowered)
        ):
            return False
    return _BYLINE_CLASS.search(classes) is not None


def _links_author_page(href: str | None) -> bool:
    """Whether a link's target is one author's page (``_AUTHOR_PAGE``)."""
    if not href:
        return False
    if href.isascii():
        lowered = href.lower()
        if _ANY_AUTHOR_PAGE_STEM.search(lowered) is None:
            return False
    return _AUTHOR_PAGE.search(href) is not None


def _outside_other_stories(elements: list[Any]) -> list[Any]:
    inside = [_elsewhere(element) for element in elements[:_MAX_CHECKED]]
    if not any(inside) or all(inside):
        return elements
    return [element for element, other in zip(elements, inside, strict=False) if not other]


_MAX_CHECKED = 20
_MAX_LEVELS = 40


def _elsewhere(element: Any) -> bool:
    """Whether ``element`` sits in a container of other stories (the nearest ``_MAX_LEVELS`` ancestors; not
    ``<body>``/``<html>``, whose classes describe the page layout)."""
    return _in_marked_container(
        islice(element.iterancestors(), _MAX_LEVELS), _ELSEWHERE_TAGS, _names_elsewhere
    )


def _in_marked_container(nodes: Iterable[Any], tags: frozenset[str], names: Callable[[str], bool]) -> bool:
    """Whether one of ``nodes`` (an element's nearest ancestors, innermost first) below ``<body>`` is one of
    ``tags`` or has a class ``names`` accepts."""
    for node in nodes:
        if node.tag in ("body", "html"):
            return False
        if node.tag in tags or names(node.get("class") or ""):
            return True
    return False


@lru_cache(maxsize=4096)
def _names_elsewhere(classes: str) -> bool:
    """Whether a class attribute names a container of other stories (``_ELSEWHERE_CLASS``)."""
    return _ELSEWHERE_CLASS.search(classes) is not None


# Where other stories' bylines sit: asides, navigation, related/recommended/teaser lists. (<body>'s
# own classes describe the page layout, "et_right_sidebar", and are not read.)
_ELSEWHERE_TAGS = frozenset({"aside", "nav", "footer"})
# "latest" lists, recirculation modules (the news-CMS word for links to more stories), "most read", "more
# from …", "up next" name them too, a comment thread holds its commenters and a menu its links to columnists'
# pages (tenth pass, issue 15)
_ELSEWHERE_CLASS = re.compile(
    r"related|recommend|teaser|more-stories|read-more|sidebar|promo|trending|popular|latest|recirculation|"
    r"most-?read|more-?from|up-?next|(?<![a-z])comments?(?![a-z])|menu",
    re.I,
)


def _without_job_title(words: list[str]) -> list[str]:
    """``words`` without a trailing English job title: "Sam Stein Senior Politics Editor" → "Sam Stein"; a lone
    word before the job noun ("Games Editor", "Technology Officer") is a desk, and nothing is left."""
    if len(words) < 2 or words[-1].lower().strip(".,") not in _JOB_NOUNS:
        return words
    words = words[:-1]
    if len(words) == 1 or words[0].lower().strip(".,") in _ROLE_WORDS:
        return []  # "Games Editor", "Chief Technology Officer": a title with no name
    first_role = next(
        (i for i, w in enumerate(words) if i >= 2 and w.lower().strip(".,") in _ROLE_WORDS), None
    )
    return words[:first_role] if first_role is not None else words


# One capitalised word of two to four letters: an acronym ("WBEZ", "TIME"), kept as written so that it reads as
# an organisation (an affiliation beside a person)
_ACRONYM = re.compile(r"^[A-Z]{2,4}$")
# The last word of a publication's name after a person's ("Joe Davidson Washington Post", "Meg Wagner NEW YORK
# DAILY NEWS"): an affiliation, cut off
_PUBLICATION_WORDS = frozenset(
    {
        "post", "times", "news", "journal", "tribune", "herald", "gazette", "telegraph", "chronicle", "magazine",
        "press", "globe", "examiner", "observer", "courier", "standard", "mail", "express", "wire", "today",
    }
)  # fmt: skip


# A brand written in CamelCase, a capital after three lower-case letters or more ("HuffPost", "TechCrunch"); a
# surname's inner capital comes earlier ("McDonald", "LaMotte", "MacArthur"), save "Fitz" ("FitzGerald")
_CAMEL_BRAND = re.compile(r"^(?!Fitz)[A-Z][a-z]{2,}[A-Z][a-z]+$")


def _without_affiliation(words: list[str]) -> list[str]:
    """``words`` without a publication named after the person: an all-capitals tail after a name in mixed
    case ("Meg Wagner NEW YORK DAILY NEWS"), a two-word publication after a two-word name ("Joe Davidson
    Washington Post"), a CamelCase brand after a two-word name ("Monica Torres HuffPost"). Longer mixed-case
    pieces are ambiguous (a three-word name, a three-word paper)."""
    if len(words) >= 3 and _CAMEL_BRAND.match(words[2]) and not _CAMEL_BRAND.match(words[0]):
        return words[:2]  # "Monica Torres HuffPost", "Ikran Dahir BuzzFeed UK"
    if len(words) < 3 or words[-1].lower().strip(".,") not in _PUBLICATION_WORDS:
        return words
    first_caps = next((i for i, w in enumerate(words) if w.isupper() and len(w) > 1), None)
    if first_caps is not None and first_caps >= 2 and all(w.isupper() for w in words[first_caps:]):
        return words[:first_caps]
    if len(words) == 4 and all(w[:1].isupper() for w in words) and words[0].lower() != "the":
        return words[:2]
    return words


# The words that put a publication or a place after a writer's name: "Jane Doe for The Guardian", "By Jane Doe For
# Mailonline", "Julian Borger in Washington", "Jean Dupont, envoyé spécial à Kiev", "inviato a Kiev"; in
# lower case ("for" also capitalised: "FOR MAILONLINE"), before a capitalised word
_AFTER_NAME = frozenset({"for", "in", "à", "a"})
_PLACE_PREPOSITIONS = frozenset({"in", "à", "a", "aus", "from", "at"})
_TRAILING_JOINS = frozenset({"with", "and", "und", "et", "mit", "avec"})


def _without_publication_or_place(words: list[str]) -> list[str]:
    """``words`` up to a publication or a place named after a name of two words or more (``_AFTER_NAME``), and
    without a joining word left at the end ("Jane Doe with", a second name in the next element)."""
    for i in range(2, len(words) - 1):
        joins = words[i] in _AFTER_NAME or words[i] in ("For", "FOR")
        # "Jane Doe of the Associated Press", "of The Times": the paper after "of the"
        of_the = words[i] == "of" and words[i + 1] in ("the", "The") and i + 2 < len(words)
        following = words[i + 2] if of_the else words[i + 1]
        if (joins or of_the) and following[:1].isupper() and words[0][:1].isupper():
            words = words[:i]
            break
    while len(words) > 1 and words[-1].casefold() in _TRAILING_JOINS:
        words = words[:-1]
    return words


def _clean_name(part: str) -> str | None:
    part = strip_sign(_BY_PREFIX.sub("", part.strip(" .:-–—()[]\"'“”")))
    if _JOB_OF.match(part):
        return None  # "Head of Reality Labs"
    words = [w for w in part.split() if w]
    if words and words[0] in _PLACE_PREPOSITIONS:
        return None  # "à Kiev" left of "envoyé spécial à Kiev": a place, not a name
    words = _without_affiliation(_without_job_title(_without_publication_or_place(words)))
    while words and words[-1].lower().strip(".,") in _ROLE_WORDS:
        words.pop()
    while words and words[0].lower().strip(".,") in _ROLE_WORDS and len(words) > 2:
        words.pop(0)
    if not words or len(words) > _MAX_NAME_WORDS or all(w.lower() in _ROLE_WORDS for w in words):
        return None
    name = " ".join(words).strip(" .,:-")
    if not name or name.lower() in _NOT_NAMES or any(ch.isdigit() for ch in name):
        return None
    if name.islower() or "admin" in name.lower() or (" " not in name and name[:1].islower()):
        # "jdadmin", "gto", "saffronotterMirror": account handles; names are capitalised where scripts have case
        return None
    if not any(ch.isalpha() for ch in name) or _BY_PREFIX.match(name + " "):
        return None
    if name.isupper() and len(name) > 3 and not _ACRONYM.match(name):
        # ALL-CAPS bylines are a typographic choice, not the name's spelling; a publication's short words are
        # acronyms ("USA TODAY" → "USA Today", as desk credits are written)
        publication = name.split()[-1].casefold() in _PUBLICATION_WORDS
        name = " ".join(
            w
            if publication and len(w) <= 3
            else w.capitalize()
            if "-" not in w
            else "-".join(x.capitalize() for x in w.split("-"))
            for w in name.split()
        )
    return name
