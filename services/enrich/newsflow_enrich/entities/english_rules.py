"""Corrections of the small English model's spans from the words around them (no tagger or parser needed).

The NER-only pipeline sees names it does not know and guesses a type from their shape: an airline after the
word "airline" becomes a person, a pipeline's name a person, a royal title is left out of the span. These rules
read the tokens next to each span (``refine_mentions``) and the patterns below add what the model misses; each
is a general fact of English news prose, not a list of names:

- a span right after a word naming a kind of organisation ("the group Enough Is Enough", "the airline
  Etihad") is that organisation (``ORG``);
- capitalised words between "the" and such a word ("the Ennahda party") name it, and so does a capitalised
  name followed by ", the … company" ("Sonatrach, the state energy company");
- a name between "the" and a word for a facility ("the Transmed pipeline", "the TurkStream gas pipeline") is
  the facility (``FAC``), not a person or a company;
- a royal or religious title right before a person's name is part of it ("Sheikh Mishal al-Ahmad al-Sabah",
  "King Abdullah II"), as ``normalize`` already keeps it;
- a geographic feature word starts a place name ("Jebel Akhdar", "Wadi Rum", "Mount Hermon": ``LOC``);
- a name after "the town/city/port/village/province … of" or before "province"/"governorate"/"district"
  ("the fishing town of Eyl", "Al Haouz province") is a place (``GPE``), whatever type the model guessed;
- a name ending in a word companies are named with ("Kosmos Energy", "Gulf Air", "Emirates NBD Bank") is an
  organisation, not a person or a place.
"""

from __future__ import annotations

from typing import Any

from newsflow_enrich.entities.aliases import match_key
from newsflow_enrich.entities.english_people import person_by_context
from newsflow_enrich.entities.gazetteer import words

# Words for a kind of organisation, after which (or, with "the", before which) its name is written.
ORG_NOUNS = frozenset(
    words(
        """
        party movement group militia company airline carrier firm bank agency alliance coalition front
        organisation organization network broadcaster newspaper insurer bloc faction union federation
        association charity conglomerate manufacturer automaker carmaker producer operator lender retailer
        """
    )
)
# Kinds of organisation a name is followed by in "the X party" (a company is rarely written that way).
_ORG_NOUNS_AFTER = frozenset(words("party movement militia group alliance bloc faction front coalition"))
# Facilities a name is followed by in "the X pipeline".
FACILITY_NOUNS = frozenset(
    words(
        """
        pipeline field dam bridge airport port crossing plant refinery terminal canal corridor highway railway
        tunnel stadium reactor mine project
        """
    )
)
# Kinds of settlement or division written "the <kind> of <name>" ("the port of Ceyhan").
SETTLEMENT_NOUNS = frozenset(
    words("town city port village province governorate district region county capital municipality suburb")
)
# Kinds of division written "<name> <kind>" ("Al Haouz province", "Nineveh governorate").
_DIVISION_NOUNS_AFTER = frozenset(words("province governorate district county prefecture municipality"))
# Last words of company names: "Kosmos Energy", "Gulf Air", "Qatar Airways", "Orascom Telecom".
COMPANY_LAST_WORDS = frozenset(
    words(
        """
        Energy Petroleum Airways Airlines Air Telecom Motors Holding Holdings Group Bank Corporation Corp Inc
        Ltd Pharmaceuticals Shipping Logistics Steel Cement Mining Insurance Investments Capital
        """
    )
)
# Titles that are part of how royals and religious leaders are named (kept by ``normalize`` too).
ROYAL_TITLES = frozenset(words("King Queen Prince Princess Sheikh Sheikha Emir Sultan Pope"))
# Words that start the name of a mountain, valley or lake; Arabic and English.
GEO_FEATURE_WORDS = ("Jebel", "Jabal", "Djebel", "Wadi", "Mount", "Lake")
_DETERMINERS = frozenset({"the", "a", "an"})
# Types a span keeps whatever its neighbours say: places and groups of people are what the model is best at.
_STABLE_TYPES = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
_MAX_APPOSITION_WORDS = 4


def rule_patterns() -> list[dict[str, Any]]:
    """Token patterns for an ``EntityRuler`` *before* the model: geographic feature names (``LOC``)."""
    return [
        {
            "label": "LOC|pattern",
            "pattern": [{"TEXT": {"IN": list(GEO_FEATURE_WORDS)}}, {"IS_TITLE": True, "OP": "+"}],
        }
    ]


def gap_patterns() -> list[dict[str, Any]]:
    """Token patterns for an ``EntityRuler`` *after* the model (fills gaps only): a royal title followed by a
    name and an optional regnal number ("King Abdullah II") is a person."""
    return [
        {
            "label": "PERSON|pattern",
            "pattern": [
                {"TEXT": {"IN": sorted(ROYAL_TITLES)}},
                {"IS_TITLE": True, "TEXT": {"NOT_IN": sorted(ROYAL_TITLES)}, "OP": "+"},
                {"TEXT": {"REGEX": r"^[IVX]{1,4}$"}, "OP": "?"},
            ],
        }
    ]


def _is_name_token(token: Any) -> bool:
    return bool(token.is_title and token.is_alpha and not token.is_stop)


def refine_mentions(doc: Any, places: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str]]:
    """(start char, end char, label, provenance) of the doc's entities after the context rules, plus the
    organisation names the rules find where the model found nothing. Labels are the model's, possibly changed.
    ``places``: match keys of gazetteer places, which the facility rule leaves alone ("the Rafah crossing")."""
    taken = [False] * len(doc)
    found: list[tuple[int, int, str, str]] = []
    for ent in doc.ents:
        label, _, provenance = ent.label_.partition("|")
        start = ent.start
        before = doc[ent.start - 1] if ent.start > 0 else None
        # The model's spans only: a curated or gazetteer name keeps its table's type.
        person = label if provenance else person_by_context(doc, ent.start, ent.end, label)
        if person != label:
            label = person  # "Lotfi Mzali, a trader,", "analyst Oumayma Ben Khelifa"
        elif label not in _STABLE_TYPES:
            if before is not None and before.lower_ in ORG_NOUNS and label != "ORG":
                label = "ORG"  # "the airline Etihad", "the group Enough Is Enough"
            elif (
                _before_facility_noun(doc, ent.end)
                and before is not None
                and before.lower_ in _DETERMINERS
                and match_key(ent.text) not in places
            ):
                label = "FAC"  # "the Transmed pipeline", "the TurkStream gas pipeline"
            elif label != "ORG" and len(ent) == 1 and _before_org_apposition(doc, ent.end):
                label = "ORG"  # "Etihad, the national airline,"
            elif _after_settlement_noun(doc, ent.start) or (
                ent.end < len(doc) and doc[ent.end].lower_ in _DIVISION_NOUNS_AFTER
            ):
                label = "GPE"  # "the fishing town of Eyl", "Al Haouz province"
            elif len(ent) > 1 and ent[-1].text in COMPANY_LAST_WORDS:
                label = "ORG"  # "Kosmos Energy" is a company, not a person
        if label == "PERSON" and before is not None and before.text in ROYAL_TITLES:
            start -= 1  # "Sheikh Mishal al-Ahmad al-Sabah"
        for index in range(start, ent.end):
            taken[index] = True
        found.append((doc[start].idx, ent.end_char, label, provenance or "ner"))
    found += _unlabelled_organisations(doc, taken)
    return _joined_modifiers(doc.text, sorted(found))


def _joined_modifiers(text: str, found: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """An organisation span the model ended on "of"/"of the" joined to the table name right after it: the alias
    ruler runs before the model, so the model cannot span "Council of the European Union" and stops at "Council
    of the"; the table name is the organisation's modifier, the whole is the organisation."""
    joined: list[tuple[int, int, str, str]] = []
    for span in found:
        if (
            joined
            and _ends_on_of(text, joined[-1])
            and span[3] != "ner"
            and text[joined[-1][1] : span[0]] == " "
        ):
            joined[-1] = (joined[-1][0], span[1], "ORG", "ner")
        else:
            joined.append(span)
    return joined


def _ends_on_of(text: str, span: tuple[int, int, str, str]) -> bool:
    start, end, label, provenance = span
    last = text[start:end].rsplit(" ", 2)[-2:]
    return label == "ORG" and provenance == "ner" and (last[-1] == "of" or last == ["of", "the"])


def _after_settlement_noun(doc: Any, start: int) -> bool:
    """Whether the span at ``start`` follows "<settlement noun> of" ("the town of", "the province of")."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in SETTLEMENT_NOUNS


def _before_facility_noun(doc: Any, end: int) -> bool:
    """Whether the words after ``end`` are a facility noun, optionally after one lower-case word ("gas")."""
    for offset in (0, 1):
        position = end + offset
        if position >= len(doc):
            return False
        token = doc[position]
        if token.lower_ in FACILITY_NOUNS:
            return True
        if not token.is_lower or not token.is_alpha:
            return False
    return False


def _before_org_apposition(doc: Any, end: int) -> bool:
    """Whether ``end`` is followed by ", the/a … <organisation word>" within a few words."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in _DETERMINERS:
        return False
    for position in range(end + 2, min(end + 2 + _MAX_APPOSITION_WORDS, len(doc))):
        token = doc[position]
        if token.lower_ in ORG_NOUNS:
            # "Smith, the company's chief executive" names a person of the company, not the company.
            return position + 1 >= len(doc) or doc[position + 1].lower_ not in ("'s", "’s")
        if not token.is_alpha or token.is_title:
            return False
    return False


def _unlabelled_organisations(doc: Any, taken: list[bool]) -> list[tuple[int, int, str, str]]:
    """Runs of capitalised words the model left unlabelled that name an organisation by their context:
    "the Ennahda party" and "Sonatrach, the state energy company"."""
    found = []
    index = 0
    while index < len(doc):
        if taken[index] or not _is_name_token(doc[index]):
            index += 1
            continue
        end = index
        while end < len(doc) and not taken[end] and _is_name_token(doc[end]):
            end += 1
        before = doc[index - 1] if index > 0 else None
        after = doc[end] if end < len(doc) else None
        named_by_kind = (
            before is not None
            and before.lower_ == "the"
            and after is not None
            and after.lower_ in _ORG_NOUNS_AFTER
        )
        if named_by_kind or _before_org_apposition(doc, end):
            found.append((doc[index].idx, doc[end - 1].idx + len(doc[end - 1].text), "ORG", "pattern"))
        index = end
    return found
