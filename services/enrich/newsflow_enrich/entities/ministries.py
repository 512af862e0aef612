"""Ministries keyed by (country, portfolio): "Ministry of Defence (Turkey)" in every language.

English news names a ministry as the text does, the country often dropped ("Turkey's Defence Ministry", "the
Interior Ministry", "Ministry of Irrigation"); French and Arabic keep it in the name ("ministère turc de la
Défense", "وزارة الدفاع التركية"). The catalogue key is (name, type), so one name per real-world ministry is what
joins the languages, and a name without the country would merge every country's health ministry into one row.

The canonical name is ``Ministry of <Portfolio> (<Country>)``: the portfolio's English name from
``PORTFOLIO_TABLE`` and the catalogue's name of the country (``countries.country_names``), in brackets as
encyclopaedias disambiguate ministries of one name ("Ministry of Health (Israel)"). The country comes from:

1. the name itself: a nationality adjective ("Turkish", "turc", "التركية") or a place ("Gaza Health Ministry",
   "ministère de la Santé de Gaza": a place that is no country, which may have ministries of its own, keeps
   its own name);
2. the words right before a mention: "Pakistan's Interior Ministry", "the Turkish Interior Ministry";
3. the places of the mention's paragraph (countries, and towns by their GeoNames country) and of the article's
   dateline ("KARACHI, Sunday (Reuters) —"), when they name exactly one country and no nationality adjective of
   the paragraph names another: "Heavy rain flooded Alexandria, the Health Ministry said" is Egypt's; "Israel
   struck Gaza, …" names two countries and "Israeli strikes killed 20, the Health Ministry said" names none (a
   nationality is often the other party's, so it only blocks). For foreign and defence ministries
   (``OUTWARD_PORTFOLIOS``), whose statements are about other countries, only the dateline.

Otherwise the name stays as it was (no guess): a split can be joined later, a wrong merge mixes two ministries'
articles. Names with a portfolio the table does not list ("Ministry of Health and Population") stay too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsflow_shared.messages import EntityCount

from newsflow_enrich.entities.aliases import match_key
from newsflow_enrich.entities.central_banks import central_bank_name
from newsflow_enrich.entities.countries import (
    country_code_named,
    country_names,
    country_of_place,
    nationality_code,
    nationality_codes_in,
)
from newsflow_enrich.entities.grouping import salience
from newsflow_enrich.entities.language_tables import language_alias_table

LANGUAGES = ("en", "fr", "ar")
# Cabinet portfolios common to most governments, one a line: the English name, then its English, French and
# Arabic forms (";" between forms; Arabic with the article, as the name after "وزارة" is written).
PORTFOLIO_TABLE = """
Defence | defence; defense; national defence; national defense | défense; défense nationale; armées | الدفاع
Interior | interior; home affairs; internal affairs | intérieur | الداخلية
Foreign Affairs | foreign; foreign affairs; external affairs | affaires étrangères | الخارجية
Health | health; public health | santé; santé publique | الصحة
Finance | finance; finances | finances | المالية
Justice | justice | justice | العدل
Education | education; national education | éducation; éducation nationale | التربية; التعليم; التربية والتعليم
Higher Education | higher education | enseignement supérieur | التعليم العالي
Energy | energy | énergie | الطاقة
Oil | oil; petroleum | pétrole | النفط
Agriculture | agriculture | agriculture | الزراعة
Irrigation | irrigation | irrigation | الري
Water Resources | water resources; water | ressources en eau; eau | الموارد المائية; المياه
Economy | economy | économie | الاقتصاد
Trade | trade; commerce | commerce | التجارة
Industry | industry | industrie | الصناعة
Transport | transport; transportation | transports; transport | النقل
Labour | labour; labor | travail | العمل
Tourism | tourism | tourisme | السياحة
Culture | culture | culture | الثقافة
Information | information | information | الإعلام
Environment | environment | environnement | البيئة
Housing | housing | logement | الإسكان
Communications | communications | communications | الاتصالات
Social Affairs | social affairs | affaires sociales | الشؤون الاجتماعية
Religious Affairs | religious affairs; endowments | affaires religieuses | الأوقاف; الشؤون الدينية
Planning | planning | plan | التخطيط
Youth and Sports | youth and sports; sports; sport | sports; jeunesse et des sports | الشباب والرياضة; الرياضة
"""
# Portfolios whose statements are about other countries ("the Foreign Ministry summoned Germany's ambassador",
# "the Defence Ministry said its jets struck targets in Syria"): the one country their paragraph names is as
# often the other party as their own, so only their name, the words before them or the dateline say whose they
# are.
OUTWARD_PORTFOLIOS = frozenset({"Foreign Affairs", "Defence"})
_MINISTRY_WORDS = {"en": {"ministry"}, "fr": {"ministere"}, "ar": {match_key("وزارة"), match_key("وزاره")}}
# French links between "ministère" and its portfolio or place ("de la Santé", "de l'Intérieur", "des Finances").
_FRENCH_LINKS = (("de", "la"), ("de", "l'"), ("des",), ("du",), ("de",), ("d'",), ("aux",), ("à", "la"))
_ELISION = re.compile(r"\b([ldLD])['’]")
_POSSESSIVE_BEFORE = re.compile(r"([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})['’]s\s+$")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_KEYED = re.compile(r"Ministry of (.+) \((.+)\)")
# A dateline opening the body: a town in capitals, then an optional date and agency, then a dash.
_DATELINE = re.compile(
    r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?:,[^\n—–(]{0,40})?\s*(?:\([^)\n]{1,40}\)\s*)?[—–-]"
)


def _portfolio_forms(language: str) -> dict[str, str]:
    """Match key of each form of ``language`` in ``PORTFOLIO_TABLE`` → the portfolio's English name."""
    column = 1 + LANGUAGES.index(language)
    forms = {}
    for line in filter(None, PORTFOLIO_TABLE.strip().splitlines()):
        cells = [cell.strip() for cell in line.split("|")]
        forms.update({match_key(form.strip()): cells[0] for form in cells[column].split(";")})
    return forms


_PORTFOLIO_FORMS = {language: _portfolio_forms(language) for language in LANGUAGES}


def ministry_name(name: str, language: str) -> str | None:
    """The canonical name of a ministry whose name says its country, or None."""
    portfolio, place = parse_ministry(name, language) or ("", None)
    return canonical_name(portfolio, place) if place is not None else None


def canonical_name(portfolio: str, place: str) -> str:
    """``Ministry of <Portfolio> (<Place>)``."""
    return f"Ministry of {portfolio} ({place})"


def keyed_parts(name: str) -> tuple[str, str] | None:
    """(portfolio, place) of a name ``canonical_name`` made, or None."""
    found = _KEYED.fullmatch(name)
    return (found.group(1), found.group(2)) if found is not None else None


def parse_ministry(name: str, language: str) -> tuple[str, str | None] | None:
    """(portfolio, place or None) of a ministry's name in ``language``; None when it is no ministry of a
    portfolio the table lists, or names a place or qualifier it does not know."""
    if language == "en":
        tokens = name.split()
        return _parse_english(tokens[1:] if tokens[:1] in (["the"], ["The"]) else tokens)
    if language == "fr":
        return _parse_french(_ELISION.sub(r"\1' ", name).split())
    if language == "ar":
        return _parse_arabic(name.split())
    return None


def _parse_english(tokens: list[str]) -> tuple[str, str | None] | None:
    keys = [match_key(token) for token in tokens]
    if "ministry" not in keys:
        return None
    at = keys.index("ministry")
    if at == len(keys) - 1:  # "[Turkish] Defence Ministry"
        for start in range(at):
            portfolio = _PORTFOLIO_FORMS["en"].get(" ".join(keys[start:at]))
            if portfolio is not None:
                return _with_place(portfolio, " ".join(tokens[:start]), "en")
        return None
    if keys[at + 1] not in ("of", "for"):
        return None
    rest = keys[at + 2 :]
    skip = at + 3 if rest[:1] == ["the"] else at + 2
    return _portfolio_then_place(tokens, keys, skip, " ".join(tokens[:at]), "en", ("of", "in"))


def _parse_french(tokens: list[str]) -> tuple[str, str | None] | None:
    keys = [match_key(token) for token in tokens]
    if not keys or keys[0] not in _MINISTRY_WORDS["fr"]:
        return None
    position, before = 1, ""
    if len(keys) > 1 and nationality_code(tokens[1], "fr") is not None:
        position, before = 2, tokens[1]  # "ministère turc de la Défense"
    link = _french_link(keys, position)
    if link is None:
        return None
    return _portfolio_then_place(tokens, keys, position + link, before, "fr", ("de", "du", "d'"))


def _french_link(keys: list[str], position: int) -> int | None:
    for link in _FRENCH_LINKS:
        if tuple(keys[position : position + len(link)]) == link:
            return len(link)
    return None


def _portfolio_then_place(
    tokens: list[str], keys: list[str], start: int, before: str, language: str, place_links: tuple[str, ...]
) -> tuple[str, str | None] | None:
    """The longest portfolio at ``start``; what follows is nothing, a nationality adjective or "<link> <place>"."""
    for end in range(len(keys), start, -1):
        portfolio = _PORTFOLIO_FORMS[language].get(" ".join(keys[start:end]))
        if portfolio is None:
            continue
        after = keys[end:]
        if after and after[0] in place_links:
            after_text = " ".join(tokens[end + 1 :])
            if language == "fr" and after[1:2] in (["la"], ["l'"]):
                after_text = " ".join(tokens[end + 2 :])
            return _with_place(portfolio, before, language, after_text) if after_text else None
        return _with_place(portfolio, before, language, " ".join(tokens[end:]))
    return None


def _parse_arabic(tokens: list[str]) -> tuple[str, str | None] | None:
    keys = [match_key(token) for token in tokens]
    if len(keys) < 2 or keys[0] not in _MINISTRY_WORDS["ar"]:
        return None
    for end in range(len(keys), 1, -1):
        portfolio = _PORTFOLIO_FORMS["ar"].get(" ".join(keys[1:end]))
        if portfolio is not None:
            return _with_place(portfolio, "", "ar", " ".join(tokens[end:]))
    return None


def _with_place(portfolio: str, before: str, language: str, after: str = "") -> tuple[str, str | None] | None:
    """(portfolio, place) when the words around the portfolio are nothing, one nationality or one place."""
    words = [part for part in (before, after) if part]
    if not words:
        return portfolio, None
    if len(words) > 1:
        return None
    place = place_named(words[0], language)
    return (portfolio, place) if place is not None else None


def place_named(words: str, language: str) -> str | None:
    """The catalogue name of the country ``words`` name (a nationality adjective, the country's name with or
    without its official style, "Turkey's"), or of another place ("Gaza": a place that is no country may have
    ministries of its own, so it keeps its own name), or None."""
    words = re.sub(r"['’]s$", "", words)
    code = country_code_named(words, language)
    if code is not None:
        return country_names()[code]
    entry = language_alias_table(language).lookup(words)
    return entry.name if entry is not None and entry.type == "GPE" else None


def key_ministries(
    entities: list[EntityCount], text: str, title_length: int, language: str
) -> list[EntityCount]:
    """``entities`` with each ministry named by (country, portfolio) where its country is known (see the
    module), and each central bank of a country by the curated table's name (``central_banks``); two names of
    one body in an article become one entity."""
    if language not in LANGUAGES or not any(entity.type == "ORG" for entity in entities):
        return entities
    renamed = []
    for entity in entities:
        name = _keyed_name(entity, entities, text, title_length, language) if entity.type == "ORG" else None
        if entity.type == "ORG" and name is None:
            name = central_bank_name(entity.name, language)  # one per country too: the curated bank's name
        renamed.append(entity.model_copy(update={"name": name}) if name is not None else entity)
    return _merged(renamed, len(text))


def _keyed_name(
    entity: EntityCount, entities: list[EntityCount], text: str, title_length: int, language: str
) -> str | None:
    spellings = [entity.name, *(mention.text for mention in entity.mentions)]
    parsed = [found for found in (parse_ministry(s, language) for s in spellings) if found is not None]
    if not parsed:
        return None
    places = {place for _, place in parsed if place is not None}
    if len(places) > 1 or len({portfolio for portfolio, _ in parsed}) > 1:
        return None  # two countries or portfolios in one entity's spellings: which one is not ours to say
    portfolio = parsed[0][0]
    place = next(iter(places), None) or _context_place(
        entity, entities, text, title_length, language, portfolio not in OUTWARD_PORTFOLIOS
    )
    return canonical_name(portfolio, place) if place is not None else None


def _context_place(
    entity: EntityCount,
    entities: list[EntityCount],
    text: str,
    title_length: int,
    language: str,
    paragraph_places: bool,
) -> str | None:
    """Steps 2-3 of the module: the words before a mention, else the places of its paragraph (unless
    ``paragraph_places`` is off) and the dateline when they name one country and no nationality adjective of the
    paragraph names another; with ``paragraph_places`` off, the dateline alone."""
    if not entity.mentions:
        return None
    before = {place for m in entity.mentions if (place := _place_before(text, m.start, language))}
    if before:
        return before.pop() if len(before) == 1 else None
    dateline = _dateline_code(text, title_length, language)
    if not paragraph_places:
        return country_names()[dateline] if dateline is not None else None
    paragraph = _span_around(text, entity.mentions[0].start, "\n")
    places = _place_codes(entities, paragraph)
    if dateline is not None:
        places.add(dateline)
    nationalities = {code for _, code in nationality_codes_in(text[paragraph[0] : paragraph[1]], language)}
    # A nationality is no evidence of its own: "Israeli strikes killed 20, the Health Ministry said" is
    # Gaza's ministry, not Israel's; it only makes a paragraph that also names another country ambiguous.
    if len(places) == 1 and nationalities <= places:
        return country_names()[places.pop()]
    return None


def _place_before(text: str, start: int, language: str) -> str | None:
    before = text[max(0, start - 60) : start]
    if language == "en":
        found = _POSSESSIVE_BEFORE.search(before)
        if found is not None:
            return place_named(found.group(1), language)
    word = _WORD_BEFORE.search(before)
    code = nationality_code(word.group(1), language) if word and language == "en" else None
    return country_names()[code] if code is not None else None


def _span_around(text: str, position: int, separator: str) -> tuple[int, int]:
    start = text.rfind(separator, 0, position) + 1
    end = text.find(separator, position)
    return start, end if end >= 0 else len(text)


def _place_codes(entities: list[EntityCount], scope: tuple[int, int]) -> set[str]:
    """Countries of the places (countries, and towns by their GeoNames country) named inside ``scope``."""
    codes = set()
    for entity in entities:
        if entity.type == "GPE" and any(scope[0] <= m.start < scope[1] for m in entity.mentions):
            code = country_of_place(entity.name)
            if code is not None:
                codes.add(code)
    return codes


def _dateline_code(text: str, title_length: int, language: str) -> str | None:
    """Country of the town of a dateline opening the body ("KARACHI, Sunday (Reuters) —"), Latin script only."""
    if language == "ar":
        return None
    found = _DATELINE.match(text[title_length:].lstrip())
    return country_of_place(found.group(1).title()) if found else None


def _merged(entities: Iterable[EntityCount], text_length: int) -> list[EntityCount]:
    """Entities of one (name, type) joined: mentions, count and salience together."""
    by_key: dict[tuple[str, str], EntityCount] = {}
    for entity in entities:
        key = (entity.name, entity.type)
        kept = by_key.get(key)
        if kept is None:
            by_key[key] = entity
            continue
        mentions = sorted([*kept.mentions, *entity.mentions], key=lambda m: m.start)
        positions = [p for p in (kept.first_position, entity.first_position) if p is not None]
        first = min(positions) if positions else None  # an unknown position is not position 0
        in_title = kept.in_title or entity.in_title
        count = kept.count + entity.count
        by_key[key] = kept.model_copy(
            update={
                "count": count,
                "mentions": mentions,
                "first_position": first,
                "in_title": in_title,
                "salience": salience(count, first, text_length, in_title)
                if first is not None
                else kept.salience,
            }
        )
    return list(by_key.values())
