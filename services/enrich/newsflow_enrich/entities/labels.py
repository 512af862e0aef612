"""The shipped multilingual label table (``data/labels.json``): English, French and Arabic names of organisations
and places, under the canonical English name the English route gives them.

Its scope is set by general lists, not by any gold set (the file's ``groups``; sources and licences in
docs/enrichment.md): the UN system, the intergovernmental organisations of the alias table, the seas, rivers and
world regions of the alias table, territories that are no member state, the capitals of the Middle East and
North Africa, and the armed forces, armed groups and non-governmental organisations of the alias table whose
French name differs from the English one. A French or Arabic mention of one of them ("Programme alimentaire
mondial", "برنامج الأغذية العالمي التابع للأمم المتحدة") resolves to the entity the English route names ("World
Food Programme"), so the catalogue has one row for it whatever the language of the article.

The table is merged into the alias tables (``aliases.default_alias_table`` takes the English and Arabic labels,
as ``aliases.json`` holds both; ``language_tables.language_alias_table`` adds the labels of its language), so
every route and both runtimes get it through the alias step. Nothing is read from the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

# The languages the default (route-independent) alias table carries: English, and Arabic, whose route reads the
# default table (``arabic.default_arabic_dictionary``). French labels are added by the French table only, so
# that French acronyms ("OMS", "CPI") are never looked for in English text.
DEFAULT_LANGUAGES = ("en", "ar")


@dataclass(frozen=True)
class Label:
    """One entity of the label table: its canonical (English) name, type, and names per language."""

    name: str
    type: str
    group: str
    names: dict[str, tuple[str, ...]]

    def forms(self, languages: tuple[str, ...]) -> tuple[str, ...]:
        """The entity's names in ``languages`` (the canonical name is not repeated)."""
        return tuple(form for language in languages for form in self.names.get(language, ()))


@lru_cache(maxsize=1)
def label_table() -> tuple[Label, ...]:
    """Every entry of ``data/labels.json``, read once per process."""
    raw = json.loads(files("newsflow_enrich").joinpath("data/labels.json").read_text("utf-8"))
    return tuple(
        Label(
            name=item["name"],
            type=item["type"],
            group=item["group"],
            names={key: tuple(value) for key, value in item.items() if key in ("en", "fr", "ar")},
        )
        for item in raw["entities"]
    )


def labelled_forms(languages: tuple[str, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(canonical name, type, names in ``languages``) of every entry with at least one such name."""
    return [(label.name, label.type, forms) for label in label_table() if (forms := label.forms(languages))]
