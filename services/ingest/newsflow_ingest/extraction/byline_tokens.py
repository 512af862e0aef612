"""What each piece of a byline is: a person, an organisation, or dropped with a reason a reader can check.

Bylines across the major news languages share a few shapes this module knows by their vocabulary, not by site:
picture credits ("Image: Getty Images", "Foto: …", "Bild: …", "صورة: …", "사진 …"), source lines ("Quelle: sid",
"Source: AFP"), stock-picture and photo agencies (iStockphoto, Ritzau Scanpix, picture alliance), news agencies
(AFP, dpa, Reuters, sid: an organisation byline), job words around a name ("신현주 기자", "Korrespondent",
"مراسل"), a name followed by a bracketed short sign ("Elena Oberholzer (obe)"), and German-style lower-case
initials before a place ("ku Frankfurt"). Imports only the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from newsflow_ingest.extraction.byline_words import (
    JOB_WORDS,
    PICTURE_ABBREVIATION,
    PICTURE_LABEL_PATTERN,
    SOURCE_LABELS,
    leading_role_end,
    without_job_phrase,
)

Kind = Literal["person", "organisation", "dropped"]

# Labels that introduce a picture credit, in the major news languages; what follows them is not an author.
# The word a byline signs with, in the languages newsflow reads ("By", "Von", "Par", "Por", "Door"): one
# vocabulary for the byline element's prefix (``authors``) and the plain-text byline line (``plain_bylines``).
SIGN_WORDS = ("by", "von", "par", "por", "door")
SIGN_WORD_PATTERN = "|".join(SIGN_WORDS)

_PICTURE_LABEL = re.compile(
    r"^\s*(?:images?|photos?|photograph(?:y|s)?|pictures?|pics?|credits?|cr[ée]dits?(?:\s+photo)?|bildquelle|"
    r"illustration|grafik|graphic|video|"
    # the other languages' picture labels (``byline_words``, shared with the body's credit lines)
    + PICTURE_LABEL_PATTERN
    + rf")\s*[:/|©]|^\s*{PICTURE_ABBREVIATION}|^\s*تصوير\s+(?=\S)",
    re.I,
)
# Labels that introduce the source of a story: what follows is an organisation (an agency), never a person.
_SOURCE_LABEL = re.compile(
    r"^\s*(?:quelle|source|sources|fuente|fonte|mit material von|agencies|来源|來源|출처|出典|"
    + "|".join(re.escape(label) for label in SOURCE_LABELS)
    + r")\s*[:/：]\s*",
    re.I,
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*", re.I)
# A picture's credit ending with the library that sold it ("Sean Gardner Getty Images", "Paul Moseley/Fort Worth
# Star-Telegram/TNS via Getty Images"): a caption's credit in a byline element
_PICTURE_TAIL = re.compile(
    r"(?:\bvia\s+|/|\s)(?:getty\s*images|shutterstock(?:\.com)?|alamy|imago\s+images|picture\s+alliance|"
    r"istock(?:photo)?)\s*$",
    re.I,
)
# Stock-picture libraries and photo agencies: their name in a byline is a picture credit.
_PICTURE_AGENCIES = frozenset(
    {
        "getty", "getty images", "istock", "istockphoto", "shutterstock", "alamy", "imago", "imago images",
        "picture alliance", "picture-alliance", "keystone", "scanpix", "ritzau scanpix", "nurphoto", "unsplash",
        "pexels", "pixabay", "adobe stock", "depositphotos", "dreamstime", "123rf", "epa", "epa-efe", "sipa",
        "abaca", "zuma", "zuma press", "bildbyrån", "tt nyhetsbyrån bild", "wenn", "rex", "rex features",
        "westend61", "mauritius images", "ullstein bild", "shutterstock.com", "gettyimages",
    }
)  # fmt: skip
# News agencies (https://en.wikipedia.org/wiki/News_agency) as bylines print them: an organisation byline.
NEWS_AGENCIES = frozenset(
    {
        "ap", "the associated press", "associated press", "reuters", "thomson reuters", "afp",
        "agence france-presse", "agence france presse", "upi", "pti", "ians", "ani", "dpa", "dpa-afx", "efe",
        "agencia efe", "ansa", "xinhua", "tass", "ria novosti", "interfax", "anadolu", "anadolu agency", "aa",
        "kyodo", "kyodo news", "jiji", "yonhap", "bernama", "antara", "wam", "spa", "mena", "qna", "kuna",
        "sputnik", "sid", "kna", "epd", "apa", "sda", "keystone-sda", "anp", "belga", "ritzau", "ntb", "tt",
        "stt", "lusa", "ctk", "čtk", "pap", "mti", "hina", "tanjug", "bta", "agerpres", "ana-mpa", "cna",
        "aap", "nzpa", "apn", "dts", "kap", "kathpress", "europa press", "notimex", "ansa-med", "irna", "isna",
        # as Chinese, Japanese and Korean bylines print them
        "共同通信", "共同通信社", "時事通信", "時事通信社", "ロイター", "新华社", "新華社", "中央社",
        "中新社", "路透社", "法新社", "美联社", "美聯社", "연합뉴스", "뉴시스", "뉴스1", "로이터", "교도통신",
        "신화통신",
        # the other major news languages' national agencies (Vietnam's TTXVN, Turkey's İHA, DHA and ANKA, Ukraine's
        # Ukrinform and UNIAN, Belarus's BelTA)
        "ttxvn", "vna", "iha", "i̇ha", "dha", "anka", "ukrinform", "unian", "belta", "тасс", "риа новости",
        "интерфакс", "укрінформ", "уніан",
    }
)  # fmt: skip
# Job words printed beside a name; removed from a person byline. Hangul/CJK ones may be glued to the name.
_JOB_WORDS = frozenset(
    {
        "korrespondent", "korrespondentin", "redakteur", "redakteurin", "reporterin", "autor", "autorin",
        "correspondant", "correspondante", "journaliste", "envoyé", "envoyée", "spécial", "spéciale",
        "rédacteur", "rédactrice", "corresponsal", "periodista", "redactor", "redactora", "enviado", "enviada",
        "especial", "corrispondente", "inviato", "inviata", "giornalista", "correspondente", "repórter",
        "jornalista", "корреспондент", "обозреватель", "журналист", "muhabir", "مراسل", "مراسلة", "الصحفي",
        "الصحفية", "المحرر", "محرر", "بقلم", "كتب", "كتبت", "reporter", "correspondent", "journalist",
    }
) | JOB_WORDS  # fmt: skip
_GLUED_JOB_WORDS = (
    "선임기자",
    "기자",
    "특파원",
    "논설위원",
    "객원기자",
    "記者",
    "记者",
    "特派員",
    "特约记者",
    "編集委員",
    " 著",  # "Eric Freeman 著": "written by", after a space (the character alone may end a Chinese name)
)
_CJK_JOB_TITLES = frozenset(word.strip() for word in _GLUED_JOB_WORDS)
_BRACKET = re.compile(r"\s*[(\[{（].*$")
# A bracket between a first and a last name is part of the name as written: a nickname or middle names
# ("Richard (R.J.) Eskow", "Bruno (Henrique Zecchin) Rodrigues"); only one at the end is a sign or an affiliation.
_BRACKET_IN_NAME = re.compile(r"^[^\W\d_][^()（）]*\s[(（][^()（）]{1,30}[)）]\s+[^\W\d_]+$")
# Lower-case initials (2-4 letters) then a capitalised place: a German-style author sign with a dateline.
_INITIALS_PLACE = re.compile(r"^[a-zäöüß]{2,4}(?:/[a-zäöüß]{2,4})*\s+[A-ZÄÖÜ]")
# Lower-case words that start a name ("van Gogh") or a byline ("by", "von") rather than being initials.
_NOT_INITIALS = frozenset(
    {
        "de", "da", "di", "du", "van", "von", "der", "den", "le", "la", "del", "al", "el", "bin", "ibn", "dos",
        "das", "ten", "ter", "by", "par", "por", "door", "mit", "and", "und", "et", "from", "with", "per", "av",
    }
)  # fmt: skip


@dataclass(frozen=True)
class BylineToken:
    """One piece of a byline and what it was judged to be; ``reason`` says why when it is not a person."""

    text: str
    kind: Kind
    reason: str = ""


def pre_classify(raw: str) -> BylineToken | None:
    """The verdict on a whole byline string when its shape settles it before it is split into names:
    a picture credit or a stock agency (dropped), a source line or a news agency (organisation)."""
    text = " ".join(raw.split())
    if not text:
        return BylineToken(text, "dropped", "empty")
    # "(Image: Instagram/demimoore)": a caption's credit in brackets
    unwrapped = text[1:-1] if text[:1] in "([" and text[-1:] in ")]" else text
    if _PICTURE_LABEL.match(unwrapped):
        return BylineToken(text, "dropped", "picture credit label")
    if _PICTURE_TAIL.search(text):
        return BylineToken(text, "dropped", "picture credit")
    if _COPYRIGHT.match(text) and is_picture_agency(_COPYRIGHT.sub("", text)):
        return BylineToken(text, "dropped", "picture copyright")
    source = _SOURCE_LABEL.match(text)
    if source:
        rest = text[source.end() :].strip(" .")
        if is_picture_agency(rest):
            return BylineToken(text, "dropped", "picture agency")
        return (
            BylineToken(rest, "organisation", "source label")
            if rest
            else BylineToken(text, "dropped", "empty")
        )
    return classify_part(text)


def classify_part(text: str) -> BylineToken | None:
    """The verdict on one name-sized piece when its vocabulary settles it, else ``None`` (a person, perhaps)."""
    key = text.casefold().strip(" .,:;")
    if not key:
        return BylineToken(text, "dropped", "empty")
    if is_picture_agency(key):
        return BylineToken(text, "dropped", "picture agency")
    if key in NEWS_AGENCIES or all(part in NEWS_AGENCIES for part in re.split(r"\s*/\s*", key) if part):
        return BylineToken(text, "organisation", "news agency")
    if _INITIALS_PLACE.match(text) and text.split()[0] not in _NOT_INITIALS:
        return BylineToken(text, "dropped", "author initials and dateline")
    return None


def is_picture_label(text: str) -> bool:
    """Whether ``text`` opens with a picture credit's label ("Foto:", "Ảnh:", "צילום:")."""
    return _PICTURE_LABEL.match(text) is not None


def is_picture_agency(text: str) -> bool:
    key = " ".join(text.casefold().replace("/", " / ").split()).strip(" .,")
    parts = [p.strip() for p in re.split(r"\s*[/,|]\s*", key) if p.strip()]
    return key in _PICTURE_AGENCIES or (bool(parts) and any(p in _PICTURE_AGENCIES for p in parts))


def strip_name_decorations(part: str) -> str:
    """A name without what bylines add around it: a bracketed short sign, job words, glued CJK job words."""
    if not _BRACKET_IN_NAME.match(part):
        part = _BRACKET.sub("", part)
    part = without_job_phrase(part)  # "Phóng viên Nguyễn Văn An", "mwandishi wetu"
    # a CJK job title as a word of its own, before or after the name ("編集委員 中沢克二", "中沢克二 記者")
    words = part.split()
    # a role word before the name ("Redaktur Budi", "Редактор Мария Иванова"), or alone
    words = words[leading_role_end(words) :]
    jobs = [i for i, w in enumerate(words) if w.casefold().strip(".,:") in _JOB_WORDS or w in _CJK_JOB_TITLES]
    if jobs and jobs[0] > 0 and len(words) - jobs[0] > 2:
        # the outlet or the place the job word qualifies, then the name: "AA Muhabiri Ahmet Yılmaz", "Ankara
        # muhabiri Ayşe Kaya", "CNN Reporter Jane Doe"
        words = words[jobs[0] :]
        jobs = [i - jobs[0] for i in jobs]
    name = " ".join(w for i, w in enumerate(words) if i not in jobs) if jobs else " ".join(words)
    for suffix in _GLUED_JOB_WORDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
            break
    return name


_JOB_TITLES = _JOB_WORDS | _CJK_JOB_TITLES
_MAX_NAME_WORDS = 3
_CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_CJK_NAME = 5  # a Chinese, Japanese or Korean personal name: two to four characters, five at most


def job_and_name(text: str) -> bool:
    """Whether ``text`` is a byline made of a job title and a name only ("編集委員　中沢克二", "김철수 기자",
    "中沢克二記者", "Korrespondent Max Müller"): a heading's last line printing it is not the headline's."""
    words = text.split()
    if len(words) == 1:
        glued = next((job for job in _GLUED_JOB_WORDS if words[0].endswith(job.strip())), None)
        return glued is not None and _is_name([words[0][: -len(glued.strip())]])
    if words[0].casefold() in _JOB_TITLES:
        return _is_name(words[1:])
    return words[-1].casefold() in _JOB_TITLES and _is_name(words[:-1])


def _is_name(words: list[str]) -> bool:
    """Whether ``words`` can be a personal name: one to three words of letters, capitalised where the script
    has case, short in CJK scripts."""
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return False
    return all(
        word.replace("-", "").replace(".", "").isalpha()
        and (len(word) <= _MAX_CJK_NAME if _CJK_CHARACTER.match(word) else not word[:1].islower())
        for word in words
    )
