"""The words publishers in the major news languages put in ``<title>`` after the headline that are not the
headline: generic news labels ("Son Dakika Haberleri", "Новости", "Berita Terkini", "_国内新闻"), pagination and
print artefacts ("Halaman all", "Seite 2", "- Print"), and a consonant skeleton that matches a site's name across
scripts ("दैनिक जागरण" is "Dainik Jagran", "Коммерсантъ" is "Kommersant")."""

from __future__ import annotations

import re

# "news" itself, in the major news languages (casefolded): a segment naming the kind of page, not its story
NEWS_WORDS = frozenset(
    {
        "news", "nachrichten", "noticias", "notícias", "notizie", "nieuws", "actualités", "actualité",
        "actualidad", "wiadomości", "новости", "новини", "вести", "haber", "haberler", "haberleri", "berita",
        "tức", "ข่าว", "ข่าวล่าสุด", "ข่าวด่วน", "समाचार", "ख़बर", "खबर", "খবর", "সংবাদ", "أخبار", "اخبار",
        "خبر", "חדשות", "ειδήσεις", "nyheter", "nyheder", "uutiset", "știri", "ştiri", "hírek",
        "zprávy", "správy", "vijesti", "habari", "balita", "뉴스", "ニュース", "新闻", "新聞",
    }
)  # fmt: skip

# words that qualify a news label in lower case ("Últimas noticias de hoy", "Tin tức mới nhất",
# "Последние новости дня"); a capitalised word (a place, a section: "Gündem Haberleri") qualifies it too
NEWS_MODIFIERS = frozenset(
    {
        "latest", "breaking", "today", "daily", "top", "online", "live", "and", "of",
        "son", "dakika", "güncel", "son dakika",
        "últimas", "última", "ultime", "ultima", "hora", "hoy", "del", "de", "la", "las", "los", "el", "y",
        "do", "da", "das", "dos", "di", "e", "en", "du", "des", "les", "à", "direct", "dernières",
        "aktuelle", "neueste", "aus", "und", "der", "heute",
        "последние", "главные", "свежие", "сегодня", "дня", "онлайн", "и", "в", "из",
        "terkini", "terbaru", "hari", "ini", "dan",
        "tin", "mới", "nhất", "hôm", "nay", "24h",
        "najnowsze", "z", "ze", "kraju", "i", "świata",
        "ताज़ा", "ताजा", "हिंदी", "हिन्दी", "आज", "की", "के", "عاجل", "آخر", "اليوم",
    }
)  # fmt: skip

# words of a headline's own phrase about news in English title case ("The Good News", "Fake News"), which a
# section's label never holds
NOT_LABEL_WORDS = frozenset(
    {
        "the", "a", "an", "for", "to", "on", "in", "about", "is", "are", "was", "good", "bad", "great", "fake",
        "no", "some", "this", "that", "my", "your", "our", "big", "real", "sad", "welcome", "more",
    }
)  # fmt: skip

# how Chinese, Japanese and Korean site and section names end: "新浪网" (-net), "国内新闻" (news), "新闻频道"
# (channel), "人民日报" (daily), "朝日新聞デジタル", "読売新聞オンライン", "日経電子版", "연합뉴스", "조선일보"
CJK_NAME_TAILS = (
    "新闻", "新聞", "资讯", "資訊", "频道", "頻道", "网", "網", "日报", "日報", "时报", "時報", "晚报", "晚報",
    "ニュース", "デジタル", "オンライン", "電子版", "뉴스", "일보", "신문",
)  # fmt: skip
MAX_CJK_NAME = 10  # characters: a name or a section, not a clause

# the page's number or the whole-article view of a paged story ("Halaman all": Indonesian CMSs, "page all")
PAGINATION = re.compile(
    r"(?:^|\s)(?:halaman|page|seite|strona|página|pagina|страница|sayfa|trang|sida|side|oldal|stránka)"
    r"\s+(?:\d{1,3}(?:\s*(?:of|von|dari|z|de|di|из|/)\s*\d{1,3})?|all|semua)$",
    re.IGNORECASE,
)
# Indonesian CMSs (Kompas, Tribun, Detik) glue the page's number to the headline with no separator ("… Halaman
# all - Kompas.com"); elsewhere a separator comes first ("- Seite 2"), and a word such as "page" or "side" may
# end a headline of its own
GLUED_PAGINATION = re.compile(r"\s(?:halaman)\s+(?:\d{1,3}|all|semua)$", re.IGNORECASE)
# a printer-friendly view's label
PRINT_LABELS = frozenset(
    {
        "print", "printer friendly", "printer friendly version", "printer-friendly version", "print version",
        "printable version", "print article", "druckversion", "version imprimable", "versión para imprimir",
        "versione stampabile", "wersja do druku", "версия для печати", "yazdır", "cetak", "印刷", "打印",
    }
)  # fmt: skip


def _table() -> dict[str, str]:
    """Each consonant letter of the scripts news sites write their names in, as the Latin consonant class a
    romanisation gives it; vowels, vowel signs, h, w and y map to nothing (scripts write them differently or
    not at all: Arabic and Hebrew leave short vowels out)."""
    table = dict(zip("bcdfgjklmnpqrstvxz", "bkdpgjklmnpkrstvss", strict=True))
    table |= dict(zip("ñçşšžčłśźżćğ", "nsssskllsskg", strict=True))
    table |= dict(zip("бвгджзклмнпрстфхцчшщґ", "bvgdssklmnprstpkskssg", strict=True))  # Cyrillic
    table |= dict(zip("βγδζθκλμνξπρσςτφχψ", "vgdstklmnkprsstpkp", strict=True))  # Greek
    table |= dict(zip("بتثجخدذرزسشصضطظغفقكلمنپچژگک", "bttjkddrssssdtsgpkklmnpksgk", strict=True))  # Arabic
    table |= dict(zip("בגדזטכךלמםנןספףקרשתח", "bgdstkklmmnnsppkrstk", strict=True))  # Hebrew
    table |= {"צ": "ts", "ץ": "ts"}
    # Devanagari, and the Indic scripts laid out like it (Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu,
    # Kannada, Malayalam: one block of 128 each, the same letter at the same offset)
    indic = "kkggnkkjjnttddnttddnnppbbmyrrlllvsssh"  # क (U+0915) to ह (U+0939), 37 letters; य and ह dropped
    for block in range(0x0900, 0x0D80, 0x80):
        for offset, latin in enumerate(indic):
            if latin not in "yh":
                table[chr(block + 0x15 + offset)] = latin
        table[chr(block + 0x02)] = "n"  # anusvara: the nasal of "हिंदी" (Hindi)
    return table


_SKELETON = str.maketrans(_table())
_KEEP = re.compile(r"[^bdgjklmnprstv]+")
_DOUBLED = re.compile(r"(.)\1+")
MIN_SKELETON = 4  # consonants: fewer match by chance


def skeleton(name: str) -> str:
    """The consonants of ``name`` as a Latin romanisation spells them, doubles collapsed: one name written in
    two scripts ("दैनिक जागरण", "Dainik Jagran") shares it."""
    latin = _KEEP.sub("", name.casefold().translate(_SKELETON))
    return _DOUBLED.sub(r"\1", latin)
