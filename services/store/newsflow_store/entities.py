"""Named entities: one ``entities`` row per (name, type), and per article exactly the latest set of links.

The ``entities`` rows are a catalogue across articles: each keeps the other spellings it was found under
(``aliases``) and how many articles link to it (``article_count``). Links carry the article's mentions
(character offsets), salience, first position, whether the title names it, and how it was found.

One person, one row across scripts, whichever script is stored first: a person first named in a non-Latin
script ("خالد الفالح") is linked to the one Latin-script PERSON row with the same consonant skeleton
(``entities.name_key``, "Khalid al-Falih"); a Latin-script name to the one non-Latin row of its skeleton that has
no Latin label yet (or has this one). With no such row, or with several (two people share the skeleton), the
name gets its own row (``_linked_people``). A linked spelling becomes the row's alias, and the first spelling of
each script its label in that script (``entities.labels``): rows are never renamed (the (name, type) key is what
other systems hold).

A spelling whose skeleton finds no row at all may still be a person the catalogue knows under a romanisation the
skeleton keeps apart ("Laurent Blanc" / "لوران بلان", "Gaddafi" / "القذافي"): it joins the one row of the other
script with its looser key (``entities.loose_key``) whose articles share at least two other catalogue entities
with this article (``_context_target``) — the looser key alone joins different people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from newsflow_shared.column_values import clean_text
from newsflow_shared.messages import EntityCount
from newsflow_shared.models import ArticleEntity, Entity
from newsflow_shared.name_keys import is_latin_script, loose_person_key, person_key, script_code
from newsflow_shared.org_keys import name_language, org_key
from newsflow_shared.upsert import UpsertInsert, dialect_insert, dialect_name
from sqlalchemy import (
    BindParameter,
    Select,
    Table,
    Update,
    bindparam,
    delete,
    distinct,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningDelete, ReturningInsert

EntityKey = tuple[str, str]
Identifiers = tuple[str | None, int | None]  # (Wikidata QID, GeoNames id) a message gives a name

_NAME_LENGTH = 300
_TYPE_LENGTH = 16
_PROVENANCE_LENGTH = 16
_ROUTE_LENGTH = 64
PERSON = "PERSON"
ORG = "ORG"
_QID = re.compile(r"^Q[1-9][0-9]{0,14}$")
# An entity's aliases are spellings, not mentions: a few dozen cover every language it is written in.
MAX_ALIASES = 50
_ALIAS_LENGTH = 300
# A loose link (``_context_target``) needs this many other catalogue entities named both by the article and
# by the candidate row's articles: one shared country is no evidence ("Egypt" is in both people's articles), a
# story's places, organisations and other people are. Set on the dev parallel set and the name-key audit.
SHARED_CONTEXT = 2
# How many of a candidate's articles are read for shared context: a bounded range of the
# ``article_entities.entity_id`` index, however many articles name the row.
CONTEXT_ARTICLES = 200
# More candidates of one loose key than this: a name too common to tell people apart by context.
_LOOSE_CANDIDATES = 4


@dataclass
class _Link:
    """One article's link to one entity, merged over message entries that normalise to the same key."""

    count: int = 0
    mentions: list[dict[str, Any]] = field(default_factory=list)
    salience: float | None = None
    first_position: int | None = None
    in_title: bool = False
    provenance: str | None = None
    route: str | None = None
    wikidata_id: str | None = None
    geonames_id: int | None = None
    spellings: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # the message's names: a row's label candidates


def replace_article_entities(
    article_id: str, entities: Sequence[EntityCount], *, session: Session, new_article: bool = False
) -> int:
    """Make the article's ``article_entities`` rows exactly ``entities``; returns how many links it has now.

    Replacing (not adding) keeps counts right when the same message is delivered twice or the article is
    re-enriched. Entries that are the same after trimming are merged, their counts added. The catalogue
    columns of every entity linked before or after (``article_count``, ``aliases``) are brought in step.

    ``new_article``: the article's row was inserted by this very transaction, so it has no links to remove
    (``article_entities.article_id`` references ``articles`` with ``ON DELETE CASCADE``: no link outlives its
    article) and the DELETE is not sent — the common case of a crawl, one round trip less.
    """
    links = _merged_links(entities)
    statements = _statements(dialect_name(session))
    # DELETE … RETURNING: the links the article had and their removal in one round trip.
    previous = (
        set()
        if new_article
        else set(session.execute(statements.unlink, {"article_id": article_id}).scalars())
    )
    identifiers = {
        key: (link.wikidata_id, link.geonames_id)
        for key, link in links.items()
        if link.wikidata_id is not None or link.geonames_id is not None
    }
    ids = ensure_entities(links, session=session, identifiers=identifiers) if links else {}
    by_id: dict[int, _Link] = {}
    for key in sorted(links):  # two spellings of one person (linked across scripts) are one link
        by_id[ids[key]] = _merged(by_id[ids[key]], links[key]) if ids[key] in by_id else links[key]
    if by_id:
        session.execute(statements.link, [_link_row(article_id, id_, link) for id_, link in by_id.items()])
    _update_catalogue(previous, by_id, session=session)
    return len(by_id)


def _merged(one: _Link, other: _Link) -> _Link:
    """One link for two entries of a message that name the same catalogue row."""
    positions = [p for p in (one.first_position, other.first_position) if p is not None]
    saliences = [s for s in (one.salience, other.salience) if s is not None]
    return _Link(
        count=one.count + other.count,
        mentions=one.mentions + other.mentions,
        salience=max(saliences) if saliences else None,
        first_position=min(positions) if positions else None,
        in_title=one.in_title or other.in_title,
        provenance=one.provenance or other.provenance,
        route=one.route or other.route,
        wikidata_id=one.wikidata_id or other.wikidata_id,
        geonames_id=one.geonames_id or other.geonames_id,
        spellings=one.spellings | other.spellings,
        names=one.names | other.names,
    )


_LINK_COLUMNS = ("count", "mentions", "salience", "first_position", "in_title", "provenance", "route")


def _link_row(article_id: str, entity_id: int, link: _Link) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "entity_id": entity_id,
        "count": link.count,
        "mentions": link.mentions or None,
        "salience": link.salience,
        "first_position": link.first_position,
        "in_title": link.in_title,
        "provenance": link.provenance,
        "route": link.route,
    }


def _update_catalogue(previous: set[int], links: dict[int, _Link], *, session: Session) -> None:
    """Bring ``article_count`` of the entities the article linked before (``previous``) or links now (the keys
    of ``links``) in step, add the links' new spellings to their aliases, and set the Wikidata and GeoNames
    ids the links know and the rows lack.

    The rows are locked first in (name, type) order, the order ``ensure_entities`` inserts in, so concurrent
    store transactions sharing entities wait for each other instead of deadlocking. The lock is ``FOR NO KEY
    UPDATE``: it does not conflict with the ``KEY SHARE`` locks other transactions' ``article_entities`` foreign
    keys hold on the same rows (``FOR UPDATE`` would, and deadlocked in the concurrent-store test). SQLite has
    one writer and ignores the clause.

    Counts move by one per link gained or lost instead of being recounted: a recount reads every link of the
    entity, and a common one ("United States") is linked from a tenth of a corpus — a cost that grows with the
    corpus on every store. The article's own row is locked by its upsert, so ``previous`` is exact. Alias and
    identifier changes go in one ``executemany`` each (one round trip with psycopg's pipeline), and only for
    the rows the locked read shows lacking them: once an entity is known, storing it again writes nothing but
    its count (an UPDATE per entity and identifier was ~40% of the store stage's CPU, ``stage_cpu.py``).
    """
    linked = set(links)
    entity_ids = previous | linked
    if not entity_ids:
        return
    statements = _statements(dialect_name(session))
    locked = session.execute(statements.lock, {"ids": sorted(entity_ids)}).all()
    for ids, statement in (
        (linked - previous, statements.count_up),
        (previous - linked, statements.count_down),
    ):
        if ids:
            session.execute(statement, {"ids": sorted(ids)})
    merged_aliases, identifiers, new_labels = [], [], []
    for entity_id, name, aliases, wikidata_id, geonames_id, labels in locked:
        link = links.get(entity_id)
        if link is None:
            continue
        if (added := _new_labels(name, labels or {}, link.names)) is not None:
            new_labels.append({"entity": entity_id, "labels": added})
        known = set(aliases or [])
        new = {spelling for spelling in link.spellings if spelling != name} - known
        if new and len(known) < MAX_ALIASES:
            merged_aliases.append({"entity": entity_id, "merged": sorted(known | new)[:MAX_ALIASES]})
        wikidata = link.wikidata_id if wikidata_id is None else None
        geonames = link.geonames_id if geonames_id is None else None
        if wikidata is not None or geonames is not None:
            identifiers.append({"entity": entity_id, "wikidata": wikidata, "geonames": geonames})
    if merged_aliases:
        session.execute(statements.alias, merged_aliases)
    if new_labels:
        session.execute(statements.labels, new_labels)
    if identifiers:
        session.execute(statements.identifiers, sorted(identifiers, key=lambda row: row["entity"]))


def _new_labels(name: str, labels: dict[str, Any], names: set[str]) -> dict[str, Any] | None:
    """The row's labels with the first spelling of each script among ``names`` it has no label in (its own
    name's script excluded), or None when nothing is new. Sorted, so concurrent stores agree."""
    own = script_code(name)
    added = dict(labels)
    for spelling in sorted(names):
        code = script_code(spelling)
        if code and code != own and code not in added:
            added[code] = spelling
    return added if added != labels else None


def _qid(value: str | None) -> str | None:
    """A well-formed Wikidata QID, or None (a producer's malformed value is not stored)."""
    return value if value is not None and _QID.match(value) else None


def ensure_entities(
    keys: Iterable[EntityKey],
    *,
    session: Session,
    identifiers: Mapping[EntityKey, Identifiers] | None = None,
) -> dict[EntityKey, int]:
    """The ids of the (name, type) entities, creating the missing ones; safe under concurrent writers.

    A name the catalogue lacks joins an existing row first by a shared identifier (``identifiers``: the
    Wikidata QID and GeoNames id the message gives the name; ``_linked_by_identifier``), then by the
    person or organisation key (``_linked_people``, ``_linked_organisations``); only then is a row created.

    ``ON CONFLICT DO NOTHING`` returns no row for an entity another transaction created, so the ids are read
    back with a SELECT afterwards (under READ COMMITTED it sees the other transaction's committed row).
    Inserting in sorted order makes concurrent transactions lock rows in the same order: no deadlock.
    """
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    statements = _statements(dialect_name(session))
    # Most names of an article are in the catalogue already: read first, insert only the others. (Inserting
    # every key with ON CONFLICT DO NOTHING cost a statement per entity each time.)
    ids = _entity_ids(wanted, session=session)
    missing = [key for key in wanted if key not in ids]
    if missing and identifiers:
        ids.update(_linked_by_identifier(missing, identifiers, session=session))
        missing = [key for key in wanted if key not in ids]
    if missing:
        # organisations first: the ones linked to another language's row are context of a person's loose link
        ids.update(_linked_organisations(missing, session=session))
        ids.update(_linked_people(missing, set(ids.values()), session=session))
        missing = [key for key in wanted if key not in ids]
    if missing:
        # RETURNING gives the ids of the rows inserted; a row another transaction inserted first returns
        # nothing here and is read back (READ COMMITTED sees it once that transaction committed).
        rows = [
            {
                "name": name,
                "type": kind,
                "name_key": _name_key(name, kind),
                "loose_key": _loose_key(name, kind),
            }
            for name, kind in missing
        ]
        ids.update(
            ((name, kind), entity_id) for entity_id, name, kind in session.execute(statements.create, rows)
        )
        if raced := [key for key in missing if key not in ids]:
            ids.update(_entity_ids(raced, session=session))
    missing = [key for key in wanted if key not in ids]
    if missing:  # pragma: no cover - would mean the unique constraint is gone
        raise RuntimeError(f"entities not found after insert: {missing[:5]}")
    return {key: ids[key] for key in wanted}


def _entity_ids(keys: Sequence[EntityKey], *, session: Session) -> dict[EntityKey, int]:
    """The ids of those of ``keys`` the catalogue has."""
    wanted = set(keys)
    names = sorted({name for name, _ in keys})
    found = session.execute(_statements(dialect_name(session)).find, {"names": names})
    return {(name, kind): entity_id for entity_id, name, kind in found if (name, kind) in wanted}


def _linked_by_identifier(
    keys: Sequence[EntityKey], identifiers: Mapping[EntityKey, Identifiers], *, session: Session
) -> dict[EntityKey, int]:
    """The row of the same type that carries a new name's Wikidata QID or GeoNames id, where exactly one does
    and none of its ids contradicts the name's ("Kafr ash Shaykh", GeoNames' name of 354502 that the Arabic
    and French routes give, joins "Kafr el-Sheikh", the English press's name stored first with 354502).

    An identifier is a stronger key than any spelling: other systems hold it for exactly one real-world
    entity, and newsflow only gives one from its shipped tables (``newsflow_enrich.entities.identifiers``).
    Two rows with the id (stored apart before the id was known) or a row whose other id differs are left
    alone: the name gets its own row, a split and not a merge. Both id columns are indexed.
    """
    wanted = {key: identifiers[key] for key in keys if key in identifiers}
    if not wanted:
        return {}
    qids = sorted({qid for qid, _ in wanted.values() if qid is not None})
    geonames = sorted({geonames_id for _, geonames_id in wanted.values() if geonames_id is not None})
    rows = session.execute(
        _statements(dialect_name(session)).identified,
        {"types": sorted({kind for _, kind in wanted}), "qids": qids, "geonames": geonames},
    ).all()
    linked = {}
    for key, (qid, geonames_id) in wanted.items():
        found = {
            entity_id
            for entity_id, kind, row_qid, row_geonames in rows
            if kind == key[1]
            and (
                (qid is not None and row_qid == qid)
                or (geonames_id is not None and row_geonames == geonames_id)
            )
            and not _contradicts(qid, row_qid)
            and not _contradicts(geonames_id, row_geonames)
        }
        if len(found) == 1:
            linked[key] = found.pop()
    return linked


def _contradicts(ours: object | None, theirs: object | None) -> bool:
    """Both sides know the identifier and they differ."""
    return ours is not None and theirs is not None and ours != theirs


def _name_key(name: str, kind: str) -> str | None:
    """The ``name_key`` of a new row: a person's consonant skeleton, an organisation's concepts
    (``org_keys.org_key``); None for other types."""
    if kind == ORG:
        return org_key(name)
    return person_key(name) if kind == PERSON else None


def _loose_key(name: str, kind: str) -> str | None:
    """The ``loose_key`` of a new row: a person's looser skeleton; None for other types."""
    return loose_person_key(name) if kind == PERSON else None


@dataclass(frozen=True)
class _Row:
    """A PERSON or ORG row of the catalogue as the cross-script and cross-language links read it."""

    id: int
    name: str
    aliases: list[Any]
    labels: dict[str, Any]


def _linked_people(keys: Sequence[EntityKey], found: set[int], *, session: Session) -> dict[EntityKey, int]:
    """The PERSON row of another script each new person of ``keys`` is the same person as, where there is
    exactly one: the row whose ``name_key`` is the name's skeleton ("خالد الفالح" → "Khalid al-Falih", and
    "Khalid al-Falih" → "خالد الفالح" when the Arabic row came first).

    A non-Latin name joins a Latin-script row; a Latin name joins a non-Latin row that has no Latin label yet
    (or has this one): a row holds one Latin spelling, as a Latin row holds itself. Several candidate rows, or
    for a Latin name another Latin row of the skeleton, are several people as far as the catalogue knows ("Ali
    Hassan", "Ali Hussein"): no link, the name gets its own row — a split is recoverable, a wrong merge mixes
    two people's articles. One exception keeps a link stable once made: a row that already lists the spelling
    among its aliases (it was linked while it was the only candidate) is kept. The read is not locked: a row
    another transaction has not committed yet is not seen, and the name gets its own row (a split).

    A person whose skeleton finds no row at all (a row of its own key, even one it may not join, is the better
    evidence) may be linked by its looser key instead, with the article's other entities — ``found``, the ids
    of those in the catalogue, and the people linked here — as the evidence (``_context_target``). Both keys
    are read in one statement.
    """
    skeletons = {key: skeleton for key in keys if key[1] == PERSON and (skeleton := person_key(key[0]))}
    if not skeletons:
        return {}
    loose = {key: reduced for key in skeletons if (reduced := loose_person_key(key[0]))}
    rows, loose_rows = _people(set(skeletons.values()), set(loose.values()), session=session)
    linked = {}
    for key, skeleton in skeletons.items():
        if (target := _link_target(key[0], rows.get(skeleton, []))) is not None:
            linked[key] = target
    context = found | set(linked.values())
    for key, loose_key in loose.items():
        if skeletons[key] in rows:
            continue  # rows of the name's own key decide
        target = _context_target(key[0], loose_rows.get(loose_key, []), context, session=session)
        if target is not None:
            linked[key] = target
    return linked


def _people(
    keys: set[str], loose_keys: set[str], *, session: Session
) -> tuple[dict[str, list[_Row]], dict[str, list[_Row]]]:
    """The PERSON rows of ``keys`` (by ``name_key``) and of ``loose_keys`` (by ``loose_key``), each grouped by
    its key, read in one statement (both columns are indexed with the type)."""
    statement = _statements(dialect_name(session)).people
    rows: dict[str, list[_Row]] = defaultdict(list)
    loose_rows: dict[str, list[_Row]] = defaultdict(list)
    for entity_id, name, name_key, loose_key, aliases, labels in session.execute(
        statement, {"keys": sorted(keys), "loose_keys": sorted(loose_keys)}
    ):
        person = _Row(entity_id, name, aliases or [], labels or {})
        if name_key in keys:
            rows[name_key].append(person)
        if loose_key in loose_keys:
            loose_rows[loose_key].append(person)
    return rows, loose_rows


def _link_target(name: str, rows: list[_Row]) -> int | None:
    """The id of the one row of the name's skeleton ``name`` may join (``_linked_people``), or None."""
    latin = is_latin_script(name)
    if latin:
        found = [
            row for row in rows if not is_latin_script(row.name) and row.labels.get("Latn") in (None, name)
        ]
        rivals = any(is_latin_script(row.name) for row in rows)  # another Latin spelling: another person?
    else:
        found = [row for row in rows if is_latin_script(row.name)]
        rivals = False
    if len(found) > 1 or rivals:
        found = [row for row in found if name in row.aliases]
    return found[0].id if len(found) == 1 else None


def _linked_organisations(keys: Sequence[EntityKey], *, session: Session) -> dict[EntityKey, int]:
    """The ORG row of another language each new organisation of ``keys`` is, where there is exactly one: the
    row whose ``name_key`` is the name's concepts ("Armée de libération du Baloutchistan" → "Balochistan
    Liberation Army", and back when the French row came first; ``org_keys``).

    A name joins a row of another language (Arabic by its script; English or French by its words,
    ``org_keys.name_language``; a Latin name of neither is taken for either). A row of the name's own language
    with the same key is another spelling the catalogue keeps apart ("Joint Operations Command" / "Command of
    Joint Operations"): no link, as with several rows of other languages, unless a row already lists the name
    among its aliases (it was linked while it was the only one). A split can be joined later; a wrong merge
    mixes two organisations' articles. The read is not locked, as for people (``_linked_people``).
    """
    wanted = {key: found for key in keys if key[1] == ORG and (found := org_key(key[0]))}
    if not wanted:
        return {}
    statements = _statements(dialect_name(session))
    rows: dict[str, list[_Row]] = defaultdict(list)
    for entity_id, name, name_key, aliases, labels in session.execute(
        statements.organisations, {"keys": sorted(set(wanted.values()))}
    ):
        rows[name_key].append(_Row(entity_id, name, aliases or [], labels or {}))
    linked = {}
    for key, found in wanted.items():
        if (target := _organisation_target(key[0], rows.get(found, []))) is not None:
            linked[key] = target
    return linked


def _organisation_target(name: str, rows: list[_Row]) -> int | None:
    """The id of the one row of another language ``name`` may join (``_linked_organisations``), or None."""
    language = name_language(name)
    same = [row for row in rows if language is not None and name_language(row.name) == language]
    found = [row for row in rows if row not in same]
    if len(found) > 1 or same:
        found = [row for row in rows if name in row.aliases]
    return found[0].id if len(found) == 1 else None


def _context_target(name: str, rows: list[_Row], context: set[int], *, session: Session) -> int | None:
    """The id of the one row of the loose key (``rows``) ``name`` may join, or None.

    The looser key (``loose_person_key``: "sh"/"s", "g"/"q", French silent final letters) joins different people
    ("Hisham" and "Husam"), so the key alone links nothing: the row must be named in the same story as the
    article — ``SHARED_CONTEXT`` of the article's other entities (``context``) linked from its articles — and be
    the only candidate that is. Candidates are the rows of the other script whose label in the name's script is
    unset or this name (one spelling per script, as the exact link keeps); a row of the name's own script with the
    key may be another person and blocks the link. A row that lists the spelling among its aliases was linked
    before and is kept without context, so a redelivery, or a later article naming the person alone, resolves as
    the first link did.
    """
    latin = is_latin_script(name)
    others = [row for row in rows if is_latin_script(row.name) != latin]
    if len(before := [row for row in others if name in row.aliases]) == 1:
        return before[0].id
    own = script_code(name)
    candidates = [row for row in others if row.labels.get(own) in (None, name)]
    if len(others) < len(rows) or not candidates or len(candidates) > _LOOSE_CANDIDATES or not context:
        return None  # a row of the name's own script (another person?), none, or too common a name
    statement = _statements(dialect_name(session)).shared_context
    qualified = [
        row.id
        for row in candidates
        if session.execute(statement, {"candidate": row.id, "context": sorted(context)}).scalar_one()
        >= SHARED_CONTEXT
    ]
    return qualified[0] if len(qualified) == 1 else None


def _merged_links(entities: Sequence[EntityCount]) -> dict[EntityKey, _Link]:
    links: dict[EntityKey, _Link] = {}
    for entity in entities:
        name = (clean_text(entity.name.strip(), _NAME_LENGTH) or "").strip()
        kind = (clean_text(entity.type.strip(), _TYPE_LENGTH) or "").strip()
        if not name or not kind:
            continue
        link = links.setdefault((name, kind), _Link())
        link.spellings.add(name)  # an alias of the row when the name is linked to another one's
        link.names.add(name)
        link.count += max(entity.count, 1)
        link.mentions += [mention.model_dump() for mention in entity.mentions]
        if entity.salience is not None:
            link.salience = max(link.salience or 0.0, entity.salience)
        if entity.first_position is not None:
            link.first_position = min(link.first_position or entity.first_position, entity.first_position)
        link.in_title = link.in_title or entity.in_title
        link.provenance = link.provenance or clean_text(entity.provenance, _PROVENANCE_LENGTH)
        link.route = link.route or clean_text(entity.route, _ROUTE_LENGTH)
        link.wikidata_id = link.wikidata_id or _qid(entity.wikidata_id)
        link.geonames_id = link.geonames_id or entity.geonames_id
        link.spellings |= {
            spelling
            for mention in entity.mentions
            if (spelling := " ".join((clean_text(mention.text, _ALIAS_LENGTH) or "").split()))
        }
    return links


@dataclass(frozen=True)
class _Statements:
    """The statements of this module, built once per dialect and run with parameters (the rows of an insert as
    an ``executemany``). Built per article, with the rows as literal ``VALUES``, they were compiled anew every
    time: most of the store stage's CPU (``benchmarks/stage_cpu.py --profile store``)."""

    unlink: ReturningDelete[Any]
    link: UpsertInsert
    create: ReturningInsert[Any]
    find: Select[Any]
    people: Select[Any]
    organisations: Select[Any]
    identified: Select[Any]
    shared_context: Select[Any]
    lock: Select[Any]
    count_up: Update
    count_down: Update
    alias: Update
    identifiers: Update
    labels: Update


def _shared_context(links: Table) -> Select[Any]:
    """How many of the entities ``context`` other than ``candidate`` are linked from one of ``CONTEXT_ARTICLES``
    articles that link ``candidate``: a bounded range of the ``article_entities.entity_id`` index, then a probe
    of the primary key (article, entity) per article — never the links of a context entity, which for a common
    one ("United States") are a tenth of the corpus."""
    candidate: BindParameter[int] = bindparam("candidate")
    articles = (
        select(links.c.article_id).where(links.c.entity_id == candidate).limit(CONTEXT_ARTICLES).subquery()
    )
    return (
        select(func.count(distinct(links.c.entity_id)))
        .select_from(articles.join(links, links.c.article_id == articles.c.article_id))
        .where(links.c.entity_id.in_(bindparam("context", expanding=True)), links.c.entity_id != candidate)
    )


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    entities, links = cast(Table, Entity.__table__), cast(Table, ArticleEntity.__table__)
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    link = dialect_insert(dialect, links)
    # The article's links are deleted first; the conflict clause only guards a caller that replaces links
    # without first locking the article row.
    link = link.on_conflict_do_update(
        index_elements=[links.c.article_id, links.c.entity_id],
        set_={column: link.excluded[column] for column in _LINK_COLUMNS},
    )
    return _Statements(
        unlink=delete(links)
        .where(links.c.article_id == bindparam("article_id"))
        .returning(links.c.entity_id),
        link=link,
        create=dialect_insert(dialect, entities)
        .on_conflict_do_nothing(index_elements=[entities.c.name, entities.c.type])
        .returning(entities.c.id, entities.c.name, entities.c.type),
        find=select(entities.c.id, entities.c.name, entities.c.type).where(
            entities.c.name.in_(bindparam("names", expanding=True))
        ),
        people=select(
            entities.c.id,
            entities.c.name,
            entities.c.name_key,
            entities.c.loose_key,
            entities.c.aliases,
            entities.c.labels,
        ).where(
            entities.c.type == PERSON,
            or_(
                entities.c.name_key.in_(bindparam("keys", expanding=True)),
                entities.c.loose_key.in_(bindparam("loose_keys", expanding=True)),
            ),
        ),
        organisations=select(
            entities.c.id, entities.c.name, entities.c.name_key, entities.c.aliases, entities.c.labels
        ).where(entities.c.type == ORG, entities.c.name_key.in_(bindparam("keys", expanding=True))),
        identified=select(
            entities.c.id, entities.c.type, entities.c.wikidata_id, entities.c.geonames_id
        ).where(
            entities.c.type.in_(bindparam("types", expanding=True)),
            or_(
                entities.c.wikidata_id.in_(bindparam("qids", expanding=True)),
                entities.c.geonames_id.in_(bindparam("geonames", expanding=True)),
            ),
        ),
        shared_context=_shared_context(links),
        lock=select(
            entities.c.id,
            entities.c.name,
            entities.c.aliases,
            entities.c.wikidata_id,
            entities.c.geonames_id,
            entities.c.labels,
        )
        .where(entities.c.id.in_(ids))
        .order_by(entities.c.name, entities.c.type)
        .with_for_update(key_share=True),
        count_up=update(entities)
        .where(entities.c.id.in_(ids))
        .values(article_count=entities.c.article_count + 1),
        count_down=update(entities)
        .where(entities.c.id.in_(ids))
        .values(article_count=entities.c.article_count - 1),
        alias=update(entities)
        .where(entities.c.id == bindparam("entity"))
        .values(aliases=bindparam("merged", type_=entities.c.aliases.type)),
        labels=update(entities)
        .where(entities.c.id == bindparam("entity"))
        .values(labels=bindparam("labels", type_=entities.c.labels.type)),
        # COALESCE: an id already set is never overwritten, whatever the locked read said.
        identifiers=update(entities)
        .where(entities.c.id == bindparam("entity"))
        .values(
            wikidata_id=func.coalesce(
                entities.c.wikidata_id, bindparam("wikidata", type_=entities.c.wikidata_id.type)
            ),
            geonames_id=func.coalesce(
                entities.c.geonames_id, bindparam("geonames", type_=entities.c.geonames_id.type)
            ),
        ),
    )
