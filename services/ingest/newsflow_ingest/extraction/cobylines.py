"""Co-authors a byline shows beside a declared author.

JSON-LD and author tags often name only the first of several writers (a CMS field holding one author; the
LABELLING.md case "JSON-LD naming only the first of two bylined people"), while the byline the reader sees
names them all: "By Stefan Becket, Kathryn Watson, Grace Segers". The union of every byline element on a page
holds other stories' bylines, job titles and photo credits (tried in the ninth pass and withdrawn), so only one
byline element counts: the one that names every declared author, as a list ("A, B and C"). A line with other
separators ("Jane Doe | jdoe@example.com | The Paper", "Jane Doe • Publisher") names more than people.
"""

from __future__ import annotations

import re

from newsflow_ingest.extraction.authors import classify_byline

_MAX_AUTHORS = 5
# What separates a name from an affiliation, an address or a role rather than from another name
_NOT_A_LIST = re.compile(r"[|•·/@]|\s[-–—]\s")


def with_cobylined(declared: list[str], lines: list[str]) -> list[str]:
    """``declared`` and the people the same byline element names beside them, in the byline's order: of
    ``lines`` (``BylineLines.own``), the first that names every declared author and more people. A single
    capitalised word beside full names is no writer there either (a section, as ``fields._without_lone_words``
    says). Otherwise ``declared`` unchanged."""
    if not declared or len(declared) >= _MAX_AUTHORS:
        return declared
    for line in lines:
        people = None if _NOT_A_LIST.search(line) else _people(line)
        if people is None or not set(declared) <= set(people):
            continue
        people = [name for name in people if name in declared or _full_name(name)]
        return people if len(declared) < len(people) <= _MAX_AUTHORS else declared
    return declared


def _people(line: str) -> list[str] | None:
    """The people of one byline line, or ``None`` when it names anything else than people and dropped pieces
    (an organisation beside them: an affiliation, a desk, another credit's agency)."""
    people: list[str] = []
    for token in classify_byline(line):
        if token.kind == "organisation":
            return None
        if token.kind == "person" and token.text not in people:
            people.append(token.text)
    return people


def _full_name(name: str) -> bool:
    return len(name.split()) >= 2 or not any(ch.isupper() or ch.islower() for ch in name)
