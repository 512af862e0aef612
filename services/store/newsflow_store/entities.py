"""Named entities: one ``entities`` row per (name, type), and per article exactly the latest set of links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsflow_shared.messages import EntityCount
from newsflow_shared.models import ArticleEntity, Entity
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newsflow_store.column_values import clean_text
from newsflow_store.upsert import insert_for

EntityKey = tuple[str, str]

_NAME_LENGTH = 300
_TYPE_LENGTH = 16


def replace_article_entities(article_id: str, entities: Sequence[EntityCount], *, session: Session) -> int:
    """Make the article's ``article_entities`` rows exactly ``entities``; returns how many links it has now.

    Replacing (not adding) keeps counts right when the same message is delivered twice or the article is
    re-enriched. Entries that are the same after trimming are merged, their counts added.
    """
    counts = _merged_counts(entities)
    session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
    if not counts:
        return 0
    ids = ensure_entities(counts, session=session)
    rows = [{"article_id": article_id, "entity_id": ids[key], "count": counts[key]} for key in sorted(counts)]
    statement = insert_for(session, ArticleEntity).values(rows)
    # The delete above already emptied the article's links; the conflict clause only guards a caller that
    # replaces links without first locking the article row.
    statement = statement.on_conflict_do_update(
        index_elements=[ArticleEntity.article_id, ArticleEntity.entity_id],
        set_={"count": statement.excluded["count"]},
    )
    session.execute(statement)
    return len(rows)


def ensure_entities(keys: Iterable[EntityKey], *, session: Session) -> dict[EntityKey, int]:
    """The ids of the (name, type) entities, creating the missing ones; safe under concurrent writers.

    ``ON CONFLICT DO NOTHING`` returns no row for an entity another transaction created, so the ids are read
    back with a SELECT afterwards (under READ COMMITTED it sees the other transaction's committed row).
    Inserting in sorted order makes concurrent transactions lock rows in the same order: no deadlock.
    """
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    insert = insert_for(session, Entity).values([{"name": name, "type": kind} for name, kind in wanted])
    session.execute(insert.on_conflict_do_nothing(index_elements=[Entity.name, Entity.type]))
    names = sorted({name for name, _ in wanted})
    found = session.execute(select(Entity.id, Entity.name, Entity.type).where(Entity.name.in_(names)))
    ids = {(name, kind): entity_id for entity_id, name, kind in found}
    missing = [key for key in wanted if key not in ids]
    if missing:  # pragma: no cover - would mean the unique constraint is gone
        raise RuntimeError(f"entities not found after insert: {missing[:5]}")
    return {key: ids[key] for key in wanted}


def _merged_counts(entities: Sequence[EntityCount]) -> dict[EntityKey, int]:
    counts: dict[EntityKey, int] = {}
    for entity in entities:
        name = (clean_text(entity.name.strip(), _NAME_LENGTH) or "").strip()
        kind = (clean_text(entity.type.strip(), _TYPE_LENGTH) or "").strip()
        if not name or not kind:
            continue
        key = (name, kind)
        counts[key] = counts.get(key, 0) + max(entity.count, 1)
    return counts
