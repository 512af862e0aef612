"""A country's central bank in any language, under the curated table's name for it.

The curated alias table lists the region's central banks with their English and Arabic names ("Central Bank of
the Republic of Turkey", "البنك المركزي التركي"); French writes them by a pattern the table cannot list for every
country: "Banque centrale de la République de Turquie", "Banque centrale de Turquie", "la banque centrale
turque". A central bank is one per country, so (central bank, country) is its key: a name of that shape in
English, French or Arabic whose country the table has exactly one central bank of gets that bank's name.
A central bank the table does not list, or a name without a country ("la banque centrale"), stays as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsflow_enrich.entities.aliases import default_alias_table, match_key
from newsflow_enrich.entities.countries import country_code_named
from newsflow_enrich.entities.language_tables import script_of

_ELISION = re.compile(r"\b([ldLD])['’]")
_FRENCH_HEAD = ("banque", "centrale")
_FRENCH_LINKS = (("de", "la"), ("de", "l'"), ("du",), ("des",), ("de",), ("d'",))
_ARABIC_HEADS = frozenset(match_key(word) for word in ("البنك", "المصرف"))
_ARABIC_BANKS = frozenset(match_key(word) for word in ("بنك", "مصرف"))
_ARABIC_CENTRAL = match_key("المركزي")
_ENGLISH = re.compile(r"(?:(?:the )?central bank of (?P<after>.+)|(?P<before>.+?)(?:'s)? central bank)", re.I)


def central_bank_country(name: str, language: str) -> str | None:
    """ISO code of the country whose central bank ``name`` (in ``language``) is, or None."""
    if language == "fr":
        return _french_country(_ELISION.sub(r"\1' ", name).split())
    if language == "ar":
        return _arabic_country(name.split())
    found = _ENGLISH.fullmatch(name.strip()) if language == "en" else None
    if found is None:
        return None
    return country_code_named(found.group("after") or found.group("before"), "en")


def _french_country(tokens: list[str]) -> str | None:
    keys = [match_key(token) for token in tokens]
    if tuple(keys[:2]) != _FRENCH_HEAD or len(keys) < 3:
        return None
    if len(keys) == 3:
        return country_code_named(tokens[2], "fr")  # "banque centrale turque"
    for link in _FRENCH_LINKS:
        if tuple(keys[2 : 2 + len(link)]) == link:
            return country_code_named(" ".join(tokens[2 + len(link) :]), "fr")
    return None


def _arabic_country(tokens: list[str]) -> str | None:
    keys = [match_key(token) for token in tokens]
    if len(keys) == 3 and keys[0] in _ARABIC_HEADS and keys[1] == _ARABIC_CENTRAL:
        return country_code_named(tokens[2], "ar")  # "البنك المركزي التركي"
    if len(keys) >= 3 and keys[0] in _ARABIC_BANKS and keys[-1] == _ARABIC_CENTRAL:
        return country_code_named(" ".join(tokens[1:-1]), "ar")  # "مصرف ليبيا المركزي"
    return None


@lru_cache(maxsize=1)
def _curated_central_banks() -> dict[str, str]:
    """ISO code → the curated table's central bank of that country, read from its English and Arabic names;
    a country two entries claim is left out."""
    found: dict[str, set[str]] = {}
    for entry in default_alias_table().entries:
        if entry.type != "ORG":
            continue
        for form in entry.forms:
            code = central_bank_country(form, "ar" if script_of(form) == "ARABIC" else "en")
            if code is not None:
                found.setdefault(code, set()).add(entry.name)
    return {code: names.pop() for code, names in found.items() if len(names) == 1}


def central_bank_name(name: str, language: str) -> str | None:
    """The curated name of the central bank ``name`` is, or None."""
    code = central_bank_country(name, language)
    return _curated_central_banks().get(code) if code is not None else None
