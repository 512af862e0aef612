"""Find the curated person a new spelling names, by the consonant skeletons of names.

The alias table lists the usual spellings of the people it knows, but each language transliterates names its
own way ("Vladimir Poutine", "فلاديمير بوتين"). The skeleton function itself (``name_keys``) lives in
``newsflow_shared.name_keys``: the store keys catalogue rows with the same reduction. ``SkeletonIndex`` finds a
curated person from a spelling whose key is shared by that person's forms only; names of one word are never
matched (too many people share a given name's skeleton).
"""

from __future__ import annotations

from collections.abc import Iterable

from newsflow_shared.name_keys import name_keys

from newsflow_enrich.entities.aliases import AliasEntry

__all__ = ["SkeletonIndex", "name_keys"]


class SkeletonIndex:
    """Curated people by the consonant skeletons of all their spellings."""

    def __init__(self, entries: Iterable[AliasEntry]) -> None:
        self._by_key: dict[str, set[str]] = {}
        self._entries: dict[str, AliasEntry] = {}
        for entry in entries:
            if entry.type != "PERSON":
                continue
            self._entries[entry.name] = entry
            for form in entry.forms:
                for key in name_keys(form):
                    self._by_key.setdefault(key, set()).add(entry.name)

    def lookup(self, name: str) -> AliasEntry | None:
        """The one curated person whose spellings share a skeleton with ``name``, if exactly one does."""
        found: set[str] = set()
        for key in name_keys(name):
            found |= self._by_key.get(key, set())
        return self._entries[next(iter(found))] if len(found) == 1 else None
