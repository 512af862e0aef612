"""The curated alias table (``data/aliases.json``): one canonical name and type per real-world entity.

"ISIS", "ISIL", "Daesh" and "داعش" are one entity, "Islamic State"; "Erdoğan" and "أردوغان" are "Recep Tayyip
Erdogan". Lookups compare ``match_key``s, which ignore case, Latin diacritics, the forms of the apostrophe and
the spelling variants of Arabic script that news writers mix freely (hamza on alef, alef maqsura, ta marbuta,
diacritics, tatweel).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

from newsflow_enrich.entities.labels import DEFAULT_LANGUAGES, labelled_forms

# Arabic short vowels, shadda, sukun, dagger alef; tatweel (kashida) is decoration.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "–": "-"})
_SPACES = re.compile(r"\s+")
# Types of things that are named places or bodies: a model often confuses them ("Washington" as ORG), so the
# table's type wins among them. A PERSON span is never retyped: "Jordan" the player is not the country.
PLACE_OR_BODY = frozenset({"GPE", "LOC", "ORG", "NORP", "FAC"})
# Types the small model gives names it does not know ("Manbij" as PRODUCT): the table's type wins over them.
_MISC_TYPES = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})


@lru_cache(maxsize=65_536)
def match_key(name: str) -> str:
    """The form two spellings of one name share: case-folded, without Latin diacritics or Arabic variants."""
    text = _ARABIC_MARKS.sub("", name.translate(_APOSTROPHES)).translate(_ARABIC_FOLDS)
    # NFKD splits "ğ" into "g" + combining breve; dropping the combining marks removes Latin diacritics.
    # Turkish dotless "ı" has no decomposition and is folded by hand.
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char) or char >= "\u0600")
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", stripped)).strip().casefold()


@dataclass(frozen=True)
class AliasEntry:
    """One real-world entity of the table."""

    name: str
    type: str
    aliases: tuple[str, ...]
    # False for the names a language table takes from package data (CLDR, GeoNames' alternate names), whose
    # lowercase transliterations ("de la paz") are no written form of a name.
    written: bool = True

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)


class AliasTable:
    """Canonical names by ``match_key`` of any of their spellings."""

    def __init__(self, entries: list[AliasEntry]) -> None:
        self.entries = entries
        self._by_key: dict[str, AliasEntry] = {}
        for entry in entries:
            for form in entry.forms:
                # The first entry claiming a spelling keeps it: the file lists the likelier sense first.
                self._by_key.setdefault(match_key(form), entry)

    @classmethod
    def from_json(cls, text: str) -> AliasTable:
        """A table from the JSON of ``data/aliases.json`` (``{"entities": [{name, type, aliases}]}``)."""
        raw = json.loads(text)["entities"]
        return cls([AliasEntry(item["name"], item["type"], tuple(item.get("aliases", ()))) for item in raw])

    @cached_property
    def lowercase_starts(self) -> frozenset[str]:
        """Match keys of the lowercase first words of the table's written spellings of several words ("mer
        Égée", "bande de Gaza", "golfe Persique"): French writes the generic word of a place name in lower case, so a
        scan for names (``routes.known_name_mentions``) may start a name at one of these words too."""
        return frozenset(
            match_key(form.split(" ", 1)[0])
            for entry in self.entries
            if entry.written
            for form in entry.forms
            if " " in form and form[0].islower()
        )

    def lookup(self, name: str) -> AliasEntry | None:
        """The entry one of whose spellings is ``name``, if any."""
        return self._by_key.get(match_key(name))

    def canonical(self, name: str, type: str, allow_person_to_place: bool = False) -> tuple[str, str] | None:
        """(canonical name, type) for a mention of ``name`` tagged ``type``, or None when the table has no
        entry compatible with that type (same type, both places/bodies, or an ORG the model took for a person)."""
        entry = self.lookup(name)
        if entry is None:
            return None
        if entry.type == type or (entry.type in PLACE_OR_BODY and type in PLACE_OR_BODY | _MISC_TYPES):
            return entry.name, entry.type
        # The small model tags unfamiliar group names as people ("Daesh"), and city names too ("Palmyra"). A
        # place name can also be a person's surname ("Jordan"): callers allow that retyping only once the
        # article's short person names have been resolved.
        if type == "PERSON" and (
            entry.type == "ORG" or (allow_person_to_place and entry.type in ("GPE", "LOC"))
        ):
            return entry.name, entry.type
        return None


@lru_cache(maxsize=1)
def default_alias_table() -> AliasTable:
    """The table shipped with newsflow, read once per process: ``data/aliases.json``, then the English and
    Arabic names of the label table (``data/labels.json``) under the same canonical names. The curated file
    comes first and keeps every spelling it claims."""
    curated = AliasTable.from_json(files("newsflow_enrich").joinpath("data/aliases.json").read_text("utf-8"))
    labelled = [AliasEntry(name, kind, forms) for name, kind, forms in labelled_forms(DEFAULT_LANGUAGES)]
    return AliasTable([*curated.entries, *labelled])
