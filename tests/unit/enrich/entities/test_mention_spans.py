"""Mention offsets cover the name only, and a person's later surname-only mentions are found (issue 16)."""

from __future__ import annotations

from newsflow_enrich.entities.mention_spans import retype_family_names, surname_mentions, trim_span


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_a_determiner_and_a_possessive_are_outside_the_mention() -> None:
    text = "Police in the West Bank said . Alexander Lebed 's plan and Lebed's aides met the PGA Tour ."
    unknown = lambda name: False  # noqa: E731
    assert text[slice(*trim_span(text, *_span(text, "the West Bank"), unknown))] == "West Bank"
    assert text[slice(*trim_span(text, *_span(text, "Alexander Lebed 's"), unknown))] == "Alexander Lebed"
    assert text[slice(*trim_span(text, *_span(text, "Lebed's"), unknown))] == "Lebed"
    # A capital "The" mid-sentence is part of the name ("The Hague"); at a sentence start it is not.
    hague = "Judges in The Hague ruled . The International Amateur Athletic Federation said ."
    assert hague[slice(*trim_span(hague, *_span(hague, "The Hague"), unknown))] == "The Hague"
    federation = "The International Amateur Athletic Federation"
    assert hague[slice(*trim_span(hague, *_span(hague, federation), unknown))] == federation[4:]
    # A name the tables know with its possessive keeps it.
    shop = "He ate at McDonald's on Friday ."
    known = {"McDonald's"}.__contains__
    assert shop[slice(*trim_span(shop, *_span(shop, "McDonald's"), known))] == "McDonald's"


def test_a_lone_surname_of_a_person_found_in_the_article_is_that_person() -> None:
    text = (
        'Security chief Alexander Lebed met rebels . " Lebed is now in Chechnya , " he said .\n'
        "Lebed , whom Yeltsin ordered to restore peace , left . Lebed Street and Mr Lebed were named ."
    )
    person = _span(text, "Alexander Lebed")
    found = surname_mentions(text, [(*person, "PERSON", "ner")], frozenset())
    starts = [start for start, _, _, _ in found]
    lebeds = [i for i in range(len(text)) if text.startswith("Lebed", i)]
    # Every lone "Lebed" is a mention of the person; "Lebed Street" (another name) is not.
    assert starts == [lebeds[1], lebeds[2], lebeds[4]]
    assert all(label == "PERSON" and text[s:e] == "Lebed" for s, e, label, _ in found)
    # A surname that is a known place is left to the model ("Jordan", "Washington").
    washington = "MaliVai Washington won . Washington lost a set ."
    person = _span(washington, "MaliVai Washington")
    assert surname_mentions(washington, [(*person, "PERSON", "ner")], frozenset({"washington"})) == []


def test_a_family_name_written_first_is_the_person_not_an_organisation() -> None:
    text = (
        "Police detained dissident Wang Donghai on Friday . Police told Wang 's family that Wang would go ."
    )
    person = _span(text, "Wang Donghai")
    lone = [i for i in range(len(text)) if text.startswith("Wang ", i)][1:]
    spans = [(*person, "PERSON", "ner")] + [(i, i + 4, "ORG", "ner") for i in lone]
    retyped = retype_family_names(text, spans)
    assert [label for _, _, label, _ in retyped] == ["PERSON", "PERSON", "PERSON"]
    # A place keeps its type ("Hong Kong" is no person however a name starts).
    place = "Singer Hong Chan-mi was born in Hong Kong ."
    spans = [(*_span(place, "Hong Chan-mi"), "PERSON", "ner"), (*_span(place, "Hong Kong"), "GPE", "ner")]
    assert retype_family_names(place, spans) == spans


def test_a_descriptor_after_the_name_is_outside_the_mention() -> None:
    text = "Russia said on Friday , Interfax news agency reported , and the Wagner group denied it ."
    unknown = lambda name: False  # noqa: E731
    assert text[slice(*trim_span(text, *_span(text, "Interfax news agency"), unknown))] == "Interfax"
    assert text[slice(*trim_span(text, *_span(text, "the Wagner group"), unknown))] == "Wagner"
    # Lower-case words the name ends on that describe nothing stay ("Médecins sans Frontières" ends capitalised).
    army = "the Syrian army"
    assert army[slice(*trim_span(army, 0, len(army), unknown))] == "Syrian army"
