"""The byline vocabulary of the major news languages beyond English, German, French, Spanish, Italian, Portuguese
and CJK (whose words live beside the code that reads them): the sign or label a byline opens with, the job words
printed beside a name, picture and source credit labels, editor and translator credit labels, the word joining two
writers, and desk words. Each list follows how the language's papers print bylines, not any one site:

- "by": Swedish/Norwegian "Av", Danish "Af", Greek "Του"/"Της" (the genitive: "[the article] of Giorgos"), "Γράφει
  ο/η" ("writes"), Hebrew "מאת", Arabic "بقلم"/"كتب", Persian "به قلم", Hindi "द्वारा", Thai "โดย", Vietnamese
  "Theo"/"Bởi", Indonesian/Malay "Oleh", Tagalog "Ni", Swahili "Na", Serbo-Croatian "Piše", Czech "Napsal",
  Hungarian "Írta";
- labels before a colon: "Author:", "Text:", "Reporter:" and their equivalents ("Yazan:", "Penulis:", "Tác giả:",
  "लेखक:", "Teksti:", "Szerző:", "نویسنده:", "تحریر:", "Pewarta:", …).

Several of these words are ordinary words in running text (Vietnamese "theo" = "according to", Indonesian "oleh"
= "by" mid-sentence, Swedish "av" = "of") or first names elsewhere ("Theo", "Oleh", "Yazan"): a label that is
also a first name signs only before a colon, and the bare signs that are also names need more than one name word
after them (``strip_sign``). Imports only the standard library.
"""

from __future__ import annotations

import re

# Words that read as a writer's label only before a colon: "Yazan" and "Haber" are also names ("Yazan Al-Saadi",
# "Fritz Haber"), and "Reporter", "Text" are English words
_LABELS = (
    # Turkish, Indonesian/Malay, Vietnamese
    "yazan", "yazar", "haber", "metin", "muhabir", "penulis", "oleh", "reporter", "wartawan", "pewarta",
    "laporan", "teks", "tác giả", "bài", "bài viết", "bài và ảnh", "phóng viên", "nhóm phóng viên",
    # Hebrew, Arabic, Persian, Urdu
    "מאת", "כתב", "כותב", "כתבה", "טקסט", "بقلم", "كتب", "كتبت", "إعداد", "اعداد", "تقرير", "متابعة", "حوار",
    "الكاتب", "مراسل", "نویسنده", "گزارش", "گزارشگر", "خبرنگار", "به قلم", "تحریر", "رپورٹ", "مصنف",
    # Indic, Thai
    "लेखक", "लेखिका", "द्वारा", "रिपोर्ट", "रिपोर्टर", "संवाददाता", "লেখক", "প্রতিবেদক", "প্রতিবেদন",
    "எழுதியவர்", "செய்தியாளர்", "ผู้เขียน", "เรื่อง", "เรื่องโดย", "ข่าวโดย",
    # Nordic, Dutch, Finnish, Hungarian
    "skribent", "författare", "tekst", "tekst og foto", "text och foto", "text och bild", "journalist",
    "auteur", "teksti", "teksti ja kuvat", "kirjoittaja", "szerző", "írta", "szöveg",
    # Slavic, Romanian, Greek
    "autorka", "tekst i zdjęcia", "napsal", "napsala", "napísal", "napísala", "piše", "napisao", "napisala",
    "avtor", "avtorica", "besedilo", "аутор", "пише", "автор", "текст", "κείμενο", "συντάκτης", "συγγραφέας",
    "γράφει",
    # Tagalog, Swahili
    "isinulat ni", "ulat ni", "mwandishi",
)  # fmt: skip
# Signs that open a byline with no colon, in byline markup, before a name: none is a name or starts one
_SIGNS = (
    "av", "af", "skrevet af", "skrevet av", "του", "της", "των", "γράφει ο", "γράφει η", "מאת", "بقلم", "كتب", "كتبت",
    "به قلم", "द्वारा", "โดย", "bởi", "piše", "пише", "napisao", "napisala", "napsal", "napsala", "napísal",
    "napísala", "írta", "isinulat ni", "ulat ni", "kirjoittanut",
)  # fmt: skip
# Signs that are also names or running-text words, read as a sign only with their guard (``_guarded``)
_GUARDED_SIGNS = ("theo", "oleh", "ni", "na")
# Signs read in byline markup only, with their guard: Romanian "de" ("de Ion Popescu"; also the particle of "de
# Gaulle", "de la Cruz", so only in lower case before two capitalised name words) and Persian/Urdu "از" ("from",
# "by": "از علی رضایی"; a preposition in running text, so before two to four words and never in plain text)
_MARKUP_SIGNS = ("de", "از")
# Signs read in a plain-text line too (``plain_bylines``): not the Arabic verb "كتب" ("wrote", also "books"),
# which opens sentences
_PLAIN_SIGNS = tuple(sign for sign in _SIGNS if sign not in ("كتب", "كتبت")) + _GUARDED_SIGNS


def _alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first (so that "teksti ja kuvat" wins over "teksti"), each
    word's spaces matching any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


# The end of a word written in any script: Devanagari, Bengali, Tamil and Thai words end in vowel signs, which
# are no ``\w`` in Python's ``re`` (so ``\b`` does not find their end)
_WORD_END = r"(?![^\W\d_])(?![\u0300-\u036f\u0900-\u0dff\u0e30-\u0e4e])"
_LABEL = re.compile(rf"^\s*(?:{_alternation(_LABELS)}){_WORD_END}\s*[:：]\s*", re.I)
_SIGN = re.compile(rf"^\s*({_alternation(_SIGNS + _GUARDED_SIGNS + _MARKUP_SIGNS)}){_WORD_END}\s*:?\s+", re.I)
_PLAIN_SIGN = re.compile(rf"^\s*({_alternation(_PLAIN_SIGNS)}){_WORD_END}\s*:?\s+", re.I)
# Letters only Vietnamese writes among Latin scripts (ă, ơ, ư, đ and the stacked tone marks of U+1EA0–U+1EF9)
_VIETNAMESE = re.compile(r"[ăâđơưĂÂĐƠƯ\u1ea0-\u1ef9]")


# The first word of every label and sign: a byline opening with none of them is left before any pattern runs
# (every byline of every page goes through ``strip_sign``: the patterns' alternations cost 3 µs a byline, the set
# look-up a tenth of it; casefolded on both sides: Greek "ς" folds to "σ")
_FIRST_WORDS = frozenset(
    word.split()[0].casefold() for word in _LABELS + _SIGNS + _GUARDED_SIGNS + _MARKUP_SIGNS
)


def _opens_with_sign_word(text: str) -> bool:
    """Whether ``text``'s first word (up to a space or a colon: "Yazan:Ahmet") is the first word of a sign."""
    head = text.split(maxsplit=1)
    return bool(head) and _COLON.split(head[0], maxsplit=1)[0].casefold() in _FIRST_WORDS


_COLON = re.compile("[:：]")


def strip_sign(text: str, *, agencies: frozenset[str] = frozenset()) -> str:
    """``text`` without the sign or label opening it ("Yazan: Ahmet Yılmaz" → "Ahmet Yılmaz", "Του Γιώργου …"
    → "Γιώργου …"), when a name follows (a capital, or a letter of a script without case); else ``text``.
    ``agencies``: the news agencies a guarded sign may introduce ("Theo Reuters", a Vietnamese source line)."""
    if not _opens_with_sign_word(text):
        return text
    label = _LABEL.match(text)
    if label and _starts_name(text[label.end() :]):
        return text[label.end() :]
    sign = _SIGN.match(text)
    if sign is None:
        return text
    rest = text[sign.end() :]
    if not _starts_name(rest) or not _guarded(sign.group(1), rest, agencies):
        return text
    return rest


# A label or a sign alone on its line, before a colon, its name on the next line ("Yazar:" / "Ahmet Yılmaz",
# "كتب:" / "محمد علي", ``plain_bylines``)
_LABEL_ALONE = re.compile(
    rf"^\s*(?:{_alternation(_LABELS + _SIGNS + _GUARDED_SIGNS)}){_WORD_END}\s*[:：]$", re.I
)


def label_alone(line: str) -> bool:
    """Whether ``line`` is only a byline's label or sign and a colon ("Yazar:", "Tekst:", "كتب:")."""
    return line.endswith((":", "：")) and _opens_with_sign_word(line) and _LABEL_ALONE.match(line) is not None


def plain_sign_end(line: str) -> int | None:
    """Where the name starts on a plain-text line opening with a sign or a label of this module, when the rest
    has a byline's shape (``_byline_shaped``); else ``None``. Running text starts with these words too ("Theo
    Reuters, giá dầu …", "Av alla som röstade …", "Oleh karena itu …"): only a line that is names is a byline."""
    found = (_LABEL.match(line) or _PLAIN_SIGN.match(line)) if _opens_with_sign_word(line) else None
    if found is None:
        return None
    rest = line[found.end() :]
    if not _starts_name(rest) or not _byline_shaped(rest):
        return None
    if found.re is _PLAIN_SIGN and not _guarded(found.group(1), rest, frozenset()):
        return None
    return found.end()


def _starts_name(rest: str) -> bool:
    first = rest[:1]
    return first.isalpha() and not first.islower()


def _guarded(sign: str, rest: str, agencies: frozenset[str]) -> bool:
    """Whether a sign that is also a name or a running-text word signs here: "Theo" before a name with
    Vietnamese letters ("Theo Nguyễn Văn An", not "Theo Baker") or an agency; "Oleh", "Ni", "Na" before two name
    words or more ("Oleh Budi Santoso", not the Ukrainian "Oleh Pavliuk" nor the Korean "Na Young"). No Latin
    sign in capitals: an acronym."""
    if len(sign) > 1 and sign.isupper() and sign.isascii():
        return False  # "AV Club Staff", "AF Branco": a Latin sign is written "Av", "av", never as an acronym
    key = sign.casefold()
    if key not in _GUARDED_SIGNS and key not in _MARKUP_SIGNS:
        return True
    name = _NAME_END.split(rest, maxsplit=1)[0]
    if key == "theo":
        return bool(_VIETNAMESE.search(name)) or name.casefold().strip(" .") in agencies
    words = name.split()
    if key == "de":
        # lower case, then a first and a last name: "de Ion Popescu", not "De Wet Potgieter" nor "de la Cruz"
        return sign == "de" and len(words) >= 2 and _starts_name(words[1])
    if key == "از":
        return 2 <= len(words) <= _MAX_PLAIN_NAME_WORDS
    return len(words) >= 2


# Where a byline's first name ends: a separator
_NAME_END = re.compile(r"\s*[,،|/•·;(]|\s[-–—]\s")


# A plain-text byline: one to four name words (capitalised, or in a script without case), then nothing, a date
# or more names after a separator
_MAX_PLAIN_NAME_WORDS = 4
_MAX_PLAIN_LINE = 80
_PLAIN_PARTS = re.compile(r"\s*(?:[,|/•·;]|\s[-–—]\s|\s+(?:và|dan|och|og|ve|és|i|a|و|и|και)\s+)\s*")


# Lower-case particles inside a name ("Juan dela Cruz", "Piet de Vries", "Ludwig van Beethoven", "bin", "al-")
_PARTICLE = re.compile(
    r"^(?:de|dela|del|della|di|da|dos|das|van|von|der|den|ter|ten|la|le|bin|binti|al-\w+|el-\w+)$"
)


def _byline_shaped(rest: str) -> bool:
    """Whether ``rest`` (a line after its sign) is names, with a date or a time at most: every part between
    separators is one to four words each starting with a capital (or a letter of a script without case), or
    holds a digit; "dela", "van", "de" and other lower-case particles are allowed inside a name."""
    if len(rest) > _MAX_PLAIN_LINE:
        return False
    for position, part in enumerate(_PLAIN_PARTS.split(rest.strip(" ."))):
        if any(ch.isdigit() for ch in part) and position:
            continue
        words = part.split()
        if not 1 <= len(words) <= _MAX_PLAIN_NAME_WORDS or not _starts_name(words[0]):
            return False
        if any(not _starts_name(word) and not _PARTICLE.match(word) for word in words):
            return False
    return True


# Job words printed beside a name, in the same languages ("AA Muhabiri Ahmet Yılmaz", "Wartawan Budi", "Иван
# Петров, корреспондент", "דני כהן, כתב"): removed from a person's name (``byline_tokens``)
JOB_WORDS = frozenset(
    {
        # Turkish, Indonesian/Malay, Tagalog, Swahili
        "muhabiri", "muhabirimiz", "muhabirleri", "wartawan", "pewarta", "jurnalis", "koresponden", "kontributor",
        "penulis", "pemberita", "mamamahayag", "mwandishi",
        # Russian, Ukrainian, Bulgarian, Serbian, Polish, Czech, Slovak, Croatian, Slovenian
        "корреспондент", "спецкор", "собкор", "кореспондент", "журналіст", "оглядач", "журналистка",
        "дописник", "новинар", "korespondent", "korespondentka", "dziennikarz", "dziennikarka", "reporterka",
        "zpravodaj", "zpravodajka", "spravodajca", "spravodajkyňa", "novinar", "novinarka", "dopisnik",
        "dopisnica",
        # Hungarian, Romanian, Greek, Dutch, Nordic, Finnish
        "tudósító", "újságíró", "corespondent", "jurnalist", "jurnalistă", "ανταποκριτής", "ανταποκρίτρια",
        "δημοσιογράφος", "verslaggever", "korrespondent", "reporter", "journalist", "toimittaja",
        "kirjeenvaihtaja",
        # Hebrew, Arabic, Persian, Urdu, Hindi, Bengali, Tamil, Thai
        "כתב", "כתבת", "כתבנו", "כתבתנו", "مراسلنا", "خبرنگار", "گزارشگر", "رپورٹر", "संवाददाता", "रिपोर्टर",
        "पत्रकार", "প্রতিবেদক", "সংবাদদাতা", "செய்தியாளர்", "นักข่าว", "ผู้สื่อข่าว",
    }
)  # fmt: skip
# Role words printed before a name with no colon ("Redaktur Budi", "Editör Ahmet Yılmaz", "Редактор Мария
# Иванова", "Колумнист Иван Петров"): dropped only at a byline's start before one to four name words
# (``leading_role_end``); elsewhere they may be a name ("Ahmet Yazar") or an ordinary word
LEADING_ROLE_WORDS = frozenset(
    {
        # Indonesian/Malay, Turkish, Romanian (not the English "Editor": "Editor Picks" is a section; "Editor Jane
        # Doe" is read by the English role-word rule)
        "redaktur", "penyunting", "kolumnis", "editör", "yazar", "redactor", "redactoare",
        # Slavic
        "redaktor", "redaktorka", "редактор", "редакторка", "колумнист", "колумністка", "колумніст", "оглядачка",
        "kolumnista", "felietonista", "publicysta", "publicystka", "komentátor", "komentator", "komentatorka",
        "urednik", "urednica", "уредник",
        # Dutch, Nordic, Hungarian, Greek, Hebrew, Hindi, Bengali, Thai
        "redacteur", "redactrice", "redaktør", "redaktör", "krönikör", "kommentator", "kolumnist", "szerkesztő",
        "συντάκτης", "συντάκτρια", "αρθρογράφος", "עורך", "עורכת", "פרשן", "פרשנית", "संपादक", "সম্পাদক",
        "บรรณาธิการ",
    }
)  # fmt: skip


def leading_role_end(words: list[str]) -> int:
    """How many of ``words`` are a role word before a name (``LEADING_ROLE_WORDS``): 1 when one to four name
    words follow it ("Redaktur Budi"), or when it stands alone (a role naming no one); else 0."""
    if not words or words[0].casefold() not in LEADING_ROLE_WORDS:
        return 0
    rest = words[1:]
    if len(rest) > _MAX_PLAIN_NAME_WORDS or not all(
        _starts_name(word) or _PARTICLE.match(word) for word in rest
    ):
        return 0
    return 1 if not rest or _starts_name(rest[0]) else 0


# Job titles of several words ("phóng viên", "biên tập viên" = editor, "специальный корреспондент", "نامہ نگار",
# "নিজস্ব প্রতিবেদক" = staff reporter, "mwandishi wetu" = our writer): removed as a whole wherever they stand. Of
# them only "mwandishi wetu" is written in ASCII (``has_job_phrase``)
JOB_PHRASE = re.compile(
    r"(?:^|(?<=[\s,]))(?:nhóm\s+phóng\s+viên|phóng\s+viên|biên\s+tập\s+viên|nhà\s+báo|"
    r"специальн(?:ый|ая)\s+корреспондент|собственн(?:ый|ая)\s+корреспондент|نامہ\s+نگار|নিজস্ব\s+প্রতিবেদক|mwandishi\s+wetu)(?=[\s,.:]|$)",
    re.I,
)

# Labels of a picture credit beyond English ("Foto:", "Fotoğraf:", "Zdjęcie:", "Kuva:", "Ảnh:", "Фото:", "צילום:",
# "फोटो:", "عکس:", "写真：", "사진:"): what follows them credits a picture, not the story. One list for a byline's
# pieces (``byline_tokens``) and for a credit line of the body (``furniture_words.PICTURE_CREDIT``). Devanagari
# "फ़" is written precomposed or as फ plus a nukta (NFC keeps both), Arabic and Persian spell "picture" with
# their own yeh and teh marbuta: each form is listed.
PICTURE_LABELS = (
    "foto", "fotos", "fotografie", "fotografía", "fotografia", "fotó", "bild", "bilder", "imagen", "imagem",
    "immagine", "fotoğraf", "fotoğraflar", "görsel", "gambar", "ilustrasi", "ảnh", "hình", "hình ảnh", "zdjęcie",
    "zdjęcia", "kuva", "kuvat", "kép", "képek", "beeld", "bilde", "billede", "фото", "фотография", "фотографія",
    "снимка", "иллюстрация", "εικόνα", "φωτογραφία", "φωτογραφίες", "φωτο", "φωτ", "צילום", "צילומים", "תמונה",
    "صورة", "صوره", "الصورة", "الصوره", "تصوير", "تصویر", "عکس", "فوٹو", "फोटो", "\u095eोटो", "\u092b\u093cोटो",
    "तस्वीर", "चित्र", "ছবি", "ফটো", "படம்", "புகைப்படம்", "ภาพ", "รูป", "ภาพประกอบ", "ภาพจาก", "larawan", "picha",
    "slika", "fotografija", "снимак", "写真", "사진", "图", "圖", "图片", "圖片", "图片来源", "圖片來源", "图来源",
)  # fmt: skip
# "Fot. Jan Kowalski": the Polish abbreviation, a full stop for a colon
PICTURE_ABBREVIATION = r"fot\.\s"
# Labels of the story's source ("Kaynak: AA", "Nguồn: Tuổi Trẻ", "Источник: ТАСС", "Sumber: Antara"): an
# organisation follows
SOURCE_LABELS = (
    "kaynak", "nguồn", "источник", "джерело", "източник", "извор", "izvor", "vir", "sumber", "źródło", "zdroj",
    "forrás", "sursa", "sursă", "πηγή", "מקור", "المصدر", "مصدر", "منبع", "ذریعہ", "स्रोत", "সূত্র", "ที่มา",
    "bron", "källa", "kilde", "lähde", "chanzo",
)  # fmt: skip
# Labels of another hand's credit than the writer's: the editor and the translator ("Editor:", "Redaktur:",
# "Редактор:", "Biên tập:", "Çeviri:", "ترجمة:"); "Redaktor" in Latin script is not one (a Czech reporter)
OTHER_CREDIT_LABELS = (
    "editor", "editör", "düzenleyen", "çeviri", "çeviren", "redaktur", "penyunting", "penerjemah",
    "alih bahasa", "biên tập", "biên tập viên", "biên dịch", "người dịch", "dịch", "редактор", "перевод",
    "переклад", "tłumaczenie", "ترجمة", "تحرير", "مراجعة", "تدقيق", "ترجمه", "مترجم", "ویراستار", "עריכה",
    "תרגום", "अनुवाद", "संपादन", "संपादक", "সম্পাদনা", "επιμέλεια", "μετάφραση", "vertaling", "eindredactie",
    "översättning", "oversættelse", "oversettelse", "käännös", "fordította", "fordítás", "szerkesztette",
    "szerkesztő", "บรรณาธิการ", "traducción", "traduction", "übersetzung", "traduzione", "tradução",
)  # fmt: skip
PICTURE_LABEL_PATTERN = _alternation(PICTURE_LABELS)
# (with English "Photo:")
_CREDIT_LABEL_WORDS = _alternation(PICTURE_LABELS + OTHER_CREDIT_LABELS + ("photo", "photos"))
# Another credit's label inside a byline, after the writer's name ("Penulis: Budi Editor: Rina", "Teksti: Matti
# Kuva: Liisa"): where a piece of its own starts (colon required: the words are nouns in running text)
_CREDIT_INSIDE = re.compile(rf"(?<=\S)\s*[.,]?\s+(?=(?:{_CREDIT_LABEL_WORDS}){_WORD_END}\s*[:：])", re.I)


def split_other_credits(text: str) -> str:
    """``text`` with `` | `` before each other credit's label inside it (``_CREDIT_INSIDE``); only a byline
    with a colon can hold one."""
    if ":" not in text and "：" not in text:
        return text
    return _CREDIT_INSIDE.sub(" | ", text)


OTHER_CREDIT_START = re.compile(rf"^(?:{_alternation(OTHER_CREDIT_LABELS)}){_WORD_END}\s*[:：]", re.I)

# The word joining two writers, between names of two words or more ("Budi Santoso dan Rina Wati", "Ahmet Yılmaz ve
# Ayşe Kaya", "Jan Kowalski i Anna Nowak"): Indonesian/Malay, Turkish, Vietnamese, Polish/Croatian/Serbian,
# Czech/Slovak, Swedish, Danish/Norwegian, Hungarian, Finnish, Romanian, Greek (not Tagalog "at": the English
# "at" before a company's name)
CASED_JOINERS = ("dan", "ve", "và", "i", "a", "och", "og", "és", "ja", "și", "şi", "και")
# ... and in scripts without case, spaced: Persian and Arabic "و", Hindi "और", Urdu "اور", Bengali "এবং", Tamil
# "மற்றும்", Thai "และ"
UNCASED_JOINERS = ("و", "और", "اور", "এবং", "மற்றும்", "และ")

# The newsroom as a byline ("Haber Merkezi", "Redakce", "Редакция", "Σύνταξη", "המערכת"): an organisation
DESK_WORDS = frozenset(
    {
        "merkezi", "redakce", "redakcia", "redakcija", "редакция", "редакція", "редакција", "szerkesztőség",
        "redacția", "redacţia", "σύνταξη", "redaktionen", "redaksjonen", "toimitus", "המערכת", "التحرير",
        "تحریریه", "ajansı", "агентство", "агенција", "ajansi",
        # the desk, the bureau and the agencies of South Asian and Arabic papers ("आजतक ब्यूरो", "अनलाइन डेस्क",
        # "অনলাইন ডেস্ক", "ویب ڈیسک", "وكالات" = agencies)
        "ब्यूरो", "डेस्क", "एजेंसी", "एजेंसियां", "ডেস্ক", "ڈیسک", "وكالات", "وكالة", "ایجنسی", "خبرگزاری",
    }
)  # fmt: skip


def without_job_phrase(part: str) -> str:
    """``part`` without the job titles of several words (``JOB_PHRASE``); an ASCII piece can hold only the
    Swahili one, and skips the pattern otherwise."""
    if part.isascii() and "wetu" not in part.casefold():
        return part
    return JOB_PHRASE.sub(" ", part)
