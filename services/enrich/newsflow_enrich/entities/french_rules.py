"""Corrections of a French WikiNER model's spans (``fr_core_news_sm``) from the words in and around them.

WikiNER has one ``LOC`` for every place and often types what it does not know by its shape: a minister's role
and name as one ``ORG`` ("Premier ministre Haïdar al-Abadi"), a town after "depuis" as a person, a company after
"le pétrolier" as a person. Each rule below is a general fact of French news prose, not a list of names:

- a span starting with a role ("ministre de l'Intérieur Süleyman Soylu", "Premier ministre …") is the role and
  then a person: the role words, and capitalised words after "de"/"du"/"des" (the ministry's domain), are left
  out; what remains is a ``PERSON`` ("ministre turc de la Défense" alone names no one, and is dropped);
- a person's span ending in "de <a known country or city>" ("Abdallah II de Jordanie") is the person, then the
  place;
- a span starting with the word for a kind of institution ("ministère …", "université …", "Observatoire …",
  "Commandement …") is an ``ORG``, whatever label the model gave it;
- a name right after a word for a kind of organisation ("le collectif Enough Is Enough", "le pétrolier public
  algérien Sonatrach", "l'agence palestinienne Wafa"; lower-case adjectives may sit between) is an ``ORG``;
  after a word for a facility ("le gazoduc Transmed") a ``FAC``;
- a span starting with a settlement or division word ("provinces de Hatay", "ville de Derna") is the place
  after it (``GPE``); one starting with "île de" is the island (``LOC``); one starting with a geographic feature
  word ("mer Égée", "delta du Nil", "vallée de la Bekaa") is a ``LOC`` as written;
- a ministry the model does not see is found by its shape: "ministère" (an adjective of nationality may
  follow) "de la/de l'/des/du" and a capitalised domain ("ministère égyptien de l'Irrigation").

Whether a remaining ``LOC`` is a ``GPE`` (a country, a town) or a ``LOC`` (a region, a feature) is decided by
the route with the tables (``routes.place_type``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsflow_enrich.entities.gazetteer import words
from newsflow_enrich.entities.grouping import RawMention

# WikiNER labels of the French model, as the documented types; MISC is kept only when a rule retypes it.
WIKINER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
# Articles and elided prepositions a span can start with ("l'OTAN", "la Syrie", "au Caire").
_LEADING_ARTICLE = re.compile(r"^(?:(?:l|d)['’]|(?:le|la|les|du|des|au|aux)\s+)", re.IGNORECASE)
# Roles written before a name ("le ministre turc de la Défense, Hulusi Akar", "Premier ministre X").
ROLE_WORDS_FR = frozenset(
    words(
        """ministre président présidente chef directeur directrice porte-parole secrétaire gouverneur ambassadeur
        général colonel commandant patron patronne entraîneur émissaire envoyé délégué premier première
        maréchal roi reine prince princesse cheikh émir sultan maire député députée sénateur procureur juge"""
    )
)
# Words that link a role to its domain ("ministre *de la* Défense", "secrétaire *d'*État").
_ROLE_LINKS = frozenset(words("de du des d' d la le les l' l et"))
# Prepositions a portfolio follows ("secrétaire d'État *aux* Transports", "délégué *à la* Santé").
_ROLE_LINKS_TO = frozenset(words("aux au à"))
# Government portfolios, capitalised after a role ("secrétaire d'État", "ministre de la Défense"): the role's
# domain, not an organisation ("secrétaire général de l'ONU" names one).
PORTFOLIOS_FR = frozenset(
    words(
        """état défense intérieur santé économie justice finances énergie éducation affaires agriculture travail
        culture environnement transports commerce industrie armées sports logement"""
    )
)
# Words a French institution's name starts with ("ministère de la Santé", "Observatoire syrien des …").
INSTITUTION_HEADS_FR = frozenset(
    words(
        """ministère université observatoire banque bourse agence organisation comité commission conseil armée
        communauté forces parti front mouvement union fédération association institut office ligue commandement
        croissant-rouge croix-rouge programme fonds tribunal cour assemblée école académie centre compagnie
        société groupe haut-commissariat direction état-major garde brigade brigades syndicat"""
    )
)
# Kinds of organisation written before its name ("le collectif X", "le pétrolier public algérien X").
ORG_KINDS_FR = frozenset(
    words(
        """collectif groupe club compagnie société pétrolier pétrolière gazier constructeur opérateur agence
        journal quotidien hebdomadaire chaîne radio télévision firme entreprise géant parti mouvement
        association ong syndicat banque assureur transporteur équipe formation milice organisation"""
    )
)
# Facilities written before their name ("le gazoduc Transmed").
FACILITY_KINDS_FR = frozenset(
    words("gazoduc oléoduc pont barrage aéroport port stade hôpital prison camp centrale raffinerie")
)
# Settlements and divisions written "<kind> de <name>" ("la ville de Derna", "les provinces de Hatay").
SETTLEMENT_KINDS_FR = frozenset(
    words(
        """ville villes village villages localité localités province provinces région district gouvernorat
        wilaya commune préfecture cité bourgade"""
    )
)
_ISLAND_WORDS = frozenset(words("île îles"))
# Geographic features named with their word ("mer Égée", "delta du Nil", "golfe d'Aden").
FEATURE_WORDS_FR = frozenset(
    words(
        """mer océan golfe lac fleuve rivière vallée delta désert mont monts montagne montagnes massif détroit
        plaine plateau péninsule presqu'île canal baie oasis"""
    )
)
# How many lower-case words (adjectives: "public algérien") may sit between a kind word and the name.
_CONTEXT_WORDS = 3
_CONTEXT_CHARS = 120
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:['’-][^\W\d_]+)*)['’]?\s*$")
_MINISTRY = re.compile(
    r"\b[Mm]inistère(?: [a-zéèêûôîç]+)? (?:de la |de l['’]|des |du )"
    r"[A-ZÉÈÀÎ][\w'’-]*(?: (?:et (?:de la |de l['’]|des |du )?)?[A-ZÉÈÀÎ][\w'’-]*)*"
)


def french_mentions(doc: Any, text: str, is_known_place: Callable[[str], bool]) -> list[RawMention]:
    """The model's spans of ``doc`` corrected by the rules of the module, plus ministries it missed.
    ``is_known_place(name)`` says whether the language's tables know ``name`` as a country or city."""
    mentions: list[RawMention] = []
    for ent in doc.ents:
        label = WIKINER_LABELS.get(ent.label_)
        if label is None:
            continue
        start = ent.start_char + _article_length(ent.text, label)
        if ent.end_char - start >= 2:
            mentions.extend(_corrected(text, start, ent.end_char, label, is_known_place))
    # A ministry's whole name wins over the model's spans inside it ("Équipement" of "ministère … de
    # l'Équipement"); a model span holding more than the pattern ("ministère de la Santé de Gaza") wins over it.
    ministries = [
        RawMention(m.start(), m.end(), m.group(), "ORG", "pattern") for m in _MINISTRY.finditer(text)
    ]
    model = [m for m in mentions if m.label != "MISC"]
    ministries = [t for t in ministries if not any(m.start <= t.start and t.end < m.end for m in model)]
    kept = [m for m in model if all(m.end <= t.start or m.start >= t.end for t in ministries)]
    return kept + ministries


def _article_length(span: str, label: str) -> int:
    """Characters of a leading article or elision to leave out of a non-person span ("l'OTAN" → "OTAN")."""
    if label == "PERSON":
        return 0
    found = _LEADING_ARTICLE.match(span)
    return found.end() if found and found.end() < len(span) else 0


def _corrected(
    text: str, start: int, end: int, label: str, is_known_place: Callable[[str], bool]
) -> list[RawMention]:
    """One model span as zero, one or two mentions (see the module's rules, in order)."""
    span = text[start:end]
    first = span.split(" ")[0]
    if first.lower() in ROLE_WORDS_FR:
        return _person_after_role(text, start, end)
    before = text[max(0, start - _CONTEXT_CHARS) : start]  # a few words back is all the rules read
    if first.lower() in PORTFOLIOS_FR and _after_role(before):
        return []  # "secrétaire d'*État*", "ministre de l'*Intérieur*": the role's domain, not a name
    kind = _kind_before(before)
    if kind in ORG_KINDS_FR:
        return [RawMention(start, end, span, "ORG", "pattern")]
    if kind in FACILITY_KINDS_FR:
        return [RawMention(start, end, span, "FAC", "pattern")]
    if label == "PERSON":
        return _person_then_place(text, start, end, is_known_place)
    lowered = first.lower()
    if lowered in INSTITUTION_HEADS_FR:
        return [RawMention(start, end, span, "ORG")]
    if first.islower():
        return _place_after_kind(text, start, end, lowered)
    return [RawMention(start, end, span, label)]


def _person_after_role(text: str, start: int, end: int) -> list[RawMention]:
    """ "ministre de l'Intérieur Süleyman Soylu" → the person after the role; nothing when none follows."""
    pieces = list(re.finditer(r"\S+", text[start:end]))
    index, after_link = 0, False
    while index < len(pieces):
        word = pieces[index].group()
        key = word.lower()
        elided = re.match(r"^(?:l|d)['’](.+)$", key)
        if key in ROLE_WORDS_FR or key in _ROLE_LINKS or word.islower():
            after_link = key in _ROLE_LINKS or bool(elided)
        elif after_link or elided:
            after_link = False  # "de la *Défense*", "de l'*Intérieur*": the ministry's domain, still the role
        else:
            break
        index += 1
    if index >= len(pieces):
        return []
    name_start = start + pieces[index].start()
    return [RawMention(name_start, end, text[name_start:end], "PERSON", "pattern")]


def _person_then_place(
    text: str, start: int, end: int, is_known_place: Callable[[str], bool]
) -> list[RawMention]:
    """ "Abdallah II de Jordanie" → the person "Abdallah II" and the place "Jordanie"."""
    span = text[start:end]
    cut = span.rfind(" de ")
    if cut > 0 and is_known_place(span[cut + 4 :]):
        place_start = start + cut + 4
        return [
            RawMention(start, start + cut, span[:cut], "PERSON"),
            RawMention(place_start, end, text[place_start:end], "GPE"),
        ]
    return [RawMention(start, end, span, "PERSON")]


def _place_after_kind(text: str, start: int, end: int, first: str) -> list[RawMention]:
    """A span starting with a lower-case word: a settlement's or an island's name after it, or a feature."""
    span = text[start:end]
    named = re.match(r"^\S+ (?:de la |de l['’]|des |du |de |d['’])(.+)$", span)
    if first in SETTLEMENT_KINDS_FR and named:
        return [RawMention(end - len(named.group(1)), end, named.group(1), "GPE", "pattern")]
    if first in _ISLAND_WORDS and named:
        return [RawMention(end - len(named.group(1)), end, named.group(1), "LOC", "pattern")]
    if first in FEATURE_WORDS_FR:
        return [RawMention(start, end, span, "LOC", "pattern")]
    return []  # "ministre turc …" is caught before; other lower-case spans are no names


def _after_role(before: str) -> bool:
    """Whether ``before`` ends in a role and the links of its domain ("le secrétaire d'État aux |", "la ministre
    de la |"): reading back over links, lower-case words and portfolios, a role word comes first."""
    pieces = re.findall(r"[^\W\d_]+|['’]", before[-80:])
    pieces = [piece for piece in pieces if piece not in ("'", "’")]
    if not pieces or pieces[-1].lower() not in _ROLE_LINKS | _ROLE_LINKS_TO:
        return False
    for piece in reversed(pieces[-8:]):
        key = piece.lower()
        if key in ROLE_WORDS_FR:
            return True
        if not (key in _ROLE_LINKS or key in _ROLE_LINKS_TO or piece.islower() or key in PORTFOLIOS_FR):
            return False
    return False


def _kind_before(before: str) -> str | None:
    """The first word, reading back over at most ``_CONTEXT_WORDS`` lower-case words, that names a kind of
    organisation or facility ("le pétrolier public algérien |"), or None."""
    linked = False  # "le stade *de* Radès": after "de", the name is the facility's town, not the facility
    # Bounded: an end-anchored search of the whole text so far costs a scan of it per span (measured: the
    # French route 41 → 118 ms CPU per article without the bound).
    before = before[-_CONTEXT_CHARS:]
    for _ in range(_CONTEXT_WORDS + 1):
        found = _WORD_BEFORE.search(before)
        if found is None or not found.group(1).islower():
            return None
        word = found.group(1)
        if word in ORG_KINDS_FR or (word in FACILITY_KINDS_FR and not linked):
            return word
        linked = linked or word in ("de", "du", "des", "d")
        before = before[: found.start()]
    return None
