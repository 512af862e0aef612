"""People the small English model types wrongly, told by the words around them (no names listed).

A name the model has rarely seen is often typed by its shape: "Lotfi Mzali, a trader, said" comes out an
organisation. Two facts of news prose name a person whatever the model says:

- apposition: the name is followed by ", a/an/the <role>" ("Lotfi Mzali, a trader", "Imane Ouchrif, the
  ministry's spokeswoman");
- a role or title right before it ("analyst Oumayma Ben Khelifa", "Spokesman Kwabena Oduro Asante").

Only spans of two words or more the model typed as an organisation, product, work of art or event are retyped:
places and nationalities are what the model is best at, and a one-word span is too often a company.
"""

from __future__ import annotations

from typing import Any

from newsflow_enrich.entities.gazetteer import words
from newsflow_enrich.entities.normalize import TITLE_WORDS

# Roles a person is introduced by in apposition or before the name; lower-case, singular.
PERSON_ROLES = frozenset(
    words(
        """
        analyst economist trader spokesman spokeswoman spokesperson official resident professor researcher
        lawyer activist journalist reporter correspondent writer author novelist poet singer actor actress
        artist director engineer doctor nurse teacher student farmer fisherman driver owner shopkeeper
        mother father son daughter brother sister widow candidate lawmaker legislator politician diplomat
        envoy ambassador minister governor mayor commander general officer soldier prosecutor judge
        coach player striker midfielder defender goalkeeper captain founder chairman chairwoman executive
        adviser advisor consultant expert scholar historian archaeologist curator photographer filmmaker
        """
    )
)
_RETYPED = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"})
_DETERMINERS = frozenset({"a", "an", "the"})
_MAX_APPOSITION_WORDS = 5


def person_by_context(doc: Any, start: int, end: int, label: str) -> str:
    """``PERSON`` when the span [start, end) of ``label`` is a person by apposition or a role before it."""
    if label not in _RETYPED or end - start < 2 or not all(doc[i].is_title for i in range(start, end)):
        return label
    before = doc[start - 1] if start > 0 else None
    if before is not None and (before.lower_ in PERSON_ROLES or before.lower_.rstrip(".") in TITLE_WORDS):
        return "PERSON"
    return "PERSON" if _role_apposition(doc, end) else label


def _role_apposition(doc: Any, end: int) -> bool:
    """Whether ``end`` is followed by ", a/an/the … <role>" within a few words ("the ministry's spokeswoman")."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in _DETERMINERS:
        return False
    for position in range(end + 2, min(end + 2 + _MAX_APPOSITION_WORDS, len(doc))):
        token = doc[position]
        if token.lower_ in PERSON_ROLES:
            return True
        if token.text in (",", ".", ";"):
            return False
    return False
