"""Headlines and datelines in capitals, recased before NER (issue 16: headlines are not prose)."""

from __future__ import annotations

from newsflow_enrich.entities.titles import recase_title, recased_text

KNOWN = {"japan", "china", "syria", "new york", "london"}


def known(word: str) -> bool:
    return word.casefold() in KNOWN


def test_an_all_caps_headline_keeps_capitals_only_for_names_and_acronyms() -> None:
    body = "Japan beat Syria 2-1 on Friday. The AFC said China lost. Officials of the English club agreed."
    title = "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."
    assert recase_title(title, body, known) == "soccer - Japan get lucky win , China in surprise defeat ."
    # An acronym the body writes in capitals stays one; a word the body capitalises gets its capital.
    assert recase_title("AFC FINES ENGLISH CLUB", body, known) == "AFC fines English club"
    # Lengths never change: entity offsets still index the original text.
    assert len(recase_title(title, body, known)) == len(title)


def test_a_mixed_case_headline_keeps_its_acronyms() -> None:
    body = "The NATO summit opened."
    assert recase_title("NATO Summit Opens In London", body, known) == "NATO summit opens in London"


def test_an_all_caps_dateline_is_recased_as_a_place() -> None:
    title = "Late bond market prices ."
    text = f"{title}\n\nNEW YORK 1996-08-30\nThis is how markets traded on Friday ."
    recased = recased_text(text, len(title), known)
    assert recased.split("\n")[2] == "New York 1996-08-30"
    assert len(recased) == len(text)
    wire = f"{title}\n\nBEIRUT, Lebanon (AP) — The GDP figures were out."
    assert recased_text(wire, len(title), known).split("\n")[2].startswith("Beirut, Lebanon (AP) — The GDP")
    agency = f"{title}\n\nLONDON (Reuters) - Shares fell."
    assert recased_text(agency, len(title), known).split("\n")[2] == "London (Reuters) - Shares fell."


def test_capitals_that_are_not_a_dateline_stay() -> None:
    title = "Late bond market prices ."
    for body in ("NATO said on Friday it would meet.", "GERMANY - Bunds extended losses .", "W L PCT GB"):
        text = f"{title}\n\n{body}"
        assert recased_text(text, len(title), known) == recased_text(f"{title}\n\n", len(title), known) + body
