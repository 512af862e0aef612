"""The CoNLL-2003 benchmark's reader, text builder and scorer (benchmarks/conll2003.py) on hand-made samples."""

from __future__ import annotations

import pytest

from benchmarks.conll2003 import (
    NEWSFLOW_TYPES,
    SPACY_TYPES,
    chunks,
    document_text,
    gold_spans,
    parse_line,
    read_conll,
    score,
    to_token_spans,
)

SAMPLE = """-DOCSTART- -X- O O

SOCCER NN I-NP O
- : O O
JAPAN NNP I-NP I-LOC
WIN VB I-VP O
. . O O

Nadim NNP I-NP I-PER
Ladki NNP I-NP I-PER
joined VBD I-VP O
Al-Ain NNP I-NP I-ORG
in IN I-PP O
the DT I-NP O
United NNP I-NP I-LOC
Arab NNP I-NP I-LOC
Emirates NNPS I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Germany B-LOC 0
's O 0
Euro B-MISC 0
96 I-MISC 0
"""


def test_tag_is_the_last_tag_shaped_column_whatever_the_layout() -> None:
    assert parse_line("JAPAN NNP I-NP I-LOC") == ("JAPAN", "I-LOC")
    assert parse_line("Germany B-LOC 0") == ("Germany", "B-LOC")
    with pytest.raises(ValueError):
        parse_line("token NN")


def test_reader_splits_documents_on_docstart_and_sentences_on_blank_lines() -> None:
    documents = read_conll(SAMPLE.splitlines())
    assert [len(d.sentences) for d in documents] == [2, 1]
    assert documents[0].tokens[:3] == ["SOCCER", "-", "JAPAN"]
    assert documents[1].tags == ["B-LOC", "O", "B-MISC", "I-MISC"]


def test_without_docstart_each_sentence_is_a_document() -> None:
    documents = read_conll(["a O", "", "b B-PER", "c I-PER", ""])
    assert [d.tokens for d in documents] == [["a"], ["b", "c"]]


def test_chunks_read_iob1_and_bio_alike() -> None:
    # IOB1: I- starts a chunk after O or another type; B- only splits two adjacent chunks of one type.
    assert chunks(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == {
        (0, 1, "PER"),
        (3, 3, "LOC"),
        (4, 4, "LOC"),
        (5, 5, "ORG"),
    }
    assert chunks(["B-PER", "I-PER", "B-PER", "O", "I-PER"]) == {(0, 1, "PER"), (2, 2, "PER"), (4, 4, "PER")}
    assert chunks(["O", "O"]) == set()


def test_gold_drops_misc() -> None:
    document = read_conll(SAMPLE.splitlines())[1]
    assert gold_spans(document) == {(0, 0, "LOC")}


def test_text_offsets_index_every_token() -> None:
    document = read_conll(SAMPLE.splitlines())[0]
    text, title_length, offsets = document_text(document)
    assert text.startswith("SOCCER - JAPAN WIN .\n\nNadim Ladki joined")
    assert title_length == len("SOCCER - JAPAN WIN .")
    assert [text[start:end] for start, end in offsets] == document.tokens


def test_character_spans_map_to_the_tokens_they_overlap_and_types_are_mapped() -> None:
    document = read_conll(SAMPLE.splitlines())[0]
    text, _, offsets = document_text(document)
    start = text.index("United")
    spans = [
        (start, start + len("United Arab Emirates"), "GPE"),
        (text.index("Ladki"), text.index("Ladki") + 3, "PERSON"),  # part of a token: the whole token
        (0, 6, "DATE"),  # not a scored type: dropped
    ]
    assert to_token_spans(spans, offsets, NEWSFLOW_TYPES) == {(11, 13, "LOC"), (6, 6, "PER")}
    assert to_token_spans([(start, start + 6, "FAC")], offsets, SPACY_TYPES) == {(11, 11, "LOC")}
    assert to_token_spans([(start, start + 6, "FAC")], offsets, NEWSFLOW_TYPES) == set()


def test_score_is_exact_span_and_type_per_type_and_micro_overall() -> None:
    gold = [{(0, 1, "PER"), (3, 3, "LOC")}, {(0, 0, "ORG")}]
    predicted = [{(0, 1, "PER"), (3, 4, "LOC")}, {(0, 0, "LOC")}]
    result = score(gold, predicted)
    assert (result["PER"]["tp"], result["PER"]["fp"], result["PER"]["fn"]) == (1, 0, 0)
    assert (result["LOC"]["tp"], result["LOC"]["fp"], result["LOC"]["fn"]) == (0, 2, 1)
    assert (result["ORG"]["tp"], result["ORG"]["fp"], result["ORG"]["fn"]) == (0, 0, 1)
    assert result["ALL"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["ALL"]["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["ALL"]["f1"] == pytest.approx(1 / 3, abs=1e-4)
    assert score([set()], [set()])["ALL"]["f1"] == 0.0
