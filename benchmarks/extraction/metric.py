"""The article-body metric of the Zyte article-extraction benchmark, implemented from its description.

Per page: gold and predicted text are split into ``\\w+`` tokens (Unicode, case kept); each becomes the multiset
of its 4-token shingles (a text of fewer than 4 tokens is one shingle, an empty text none); tp = Σ min(gold, pred),
fp = Σ excess in pred, fn = Σ excess in gold, all three divided by their sum so that every page weighs the same.
Per page, precision = tp/(tp+fp) and recall = tp/(tp+fn), both 1 when fp = fn = 0. Precision is the mean over the
pages with tp+fp > 0, recall the mean over the pages with tp+fn > 0, F1 = 2PR/(P+R) of those means. Accuracy is
the share of pages whose token list equals the gold's. Uncertainty (±) is the standard deviation of each figure
over 1,000 bootstrap resamples of the pages.
"""

from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4
BOOTSTRAP_RESAMPLES = 1000


def tokenize(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of ``text`` in order, case kept."""
    return _TOKEN.findall(text or "")


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles; fewer than ``size`` tokens make one shingle, none make none."""
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """The normalised counts of one page and whether its token list equals the gold's."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        """tp/(tp+fp); 1 when nothing is wrong; ``None`` when the page has no predicted shingle to judge."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp + self.fp == 0:
            return None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """tp/(tp+fn); 1 when nothing is wrong; ``None`` when the gold has no shingle."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        if self.tp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn)


def score_page(gold: str, predicted: str | None) -> PageScore:
    """Compare one predicted body with its gold body."""
    gold_tokens = tokenize(gold)
    predicted_tokens = tokenize(predicted)
    gold_shingles = shingles(gold_tokens)
    predicted_shingles = shingles(predicted_tokens)
    tp = fp = fn = 0
    for key in gold_shingles.keys() | predicted_shingles.keys():
        g = gold_shingles.get(key, 0)
        p = predicted_shingles.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0, gold_tokens == predicted_tokens)
    return PageScore(tp / total, fp / total, fn / total, gold_tokens == predicted_tokens)


@dataclass(frozen=True)
class Summary:
    """Benchmark figures over a set of pages."""

    f1: float
    precision: float
    recall: float
    accuracy: float


def summarize(scores: Sequence[PageScore]) -> Summary:
    """Mean precision and recall over the pages where they are defined, F1 of the means, exact-match share."""
    precisions = [p for p in (s.precision for s in scores) if p is not None]
    recalls = [r for r in (s.recall for s in scores) if r is not None]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    accuracy = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return Summary(f1, precision, recall, accuracy)


def bootstrap_std(
    scores: Sequence[PageScore], *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = 0
) -> Summary:
    """Standard deviation of each figure over ``resamples`` resamples of the pages (with replacement)."""
    rng = random.Random(seed)
    samples = [summarize(rng.choices(scores, k=len(scores))) for _ in range(resamples)]
    return Summary(
        statistics.pstdev(s.f1 for s in samples),
        statistics.pstdev(s.precision for s in samples),
        statistics.pstdev(s.recall for s in samples),
        statistics.pstdev(s.accuracy for s in samples),
    )
