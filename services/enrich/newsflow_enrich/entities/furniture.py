"""Page furniture that reads like a name: the site's own name is never a person.

A masthead or byline line ("Asharq Al-Awsat", "The Daily Star") shaped like a person's name is tagged PERSON by
a model that sees it without context. When an entity's name, or one of its mentions, is the name the page
gives its site (``ParsedArticle.site_name``), it is the publication: an ``ORG``.
"""

from __future__ import annotations

from newsflow_shared.messages import EntityCount

from newsflow_enrich.entities.aliases import match_key


def _key(name: str) -> str:
    key = match_key(name)
    return key[4:] if key.startswith("the ") else key


def retype_site_name(entities: list[EntityCount], site_name: str | None) -> list[EntityCount]:
    """``entities`` with a PERSON named like the site retyped ``ORG`` (in place); other entities unchanged."""
    if not site_name or not site_name.strip():
        return entities
    site = _key(site_name)
    for entity in entities:
        spellings = {_key(entity.name)} | {_key(mention.text) for mention in entity.mentions}
        if entity.type == "PERSON" and site in spellings:
            entity.type = "ORG"
    return entities
