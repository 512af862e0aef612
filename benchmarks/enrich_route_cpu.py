"""CPU time per article of each NER route, for the code of a given checkout: run it on two checkouts in turn
(A, B, A, B) to compare them on a shared machine, where wall-clock docs/s swing with the load.

    .venv/bin/python benchmarks/enrich_route_cpu.py /work/wt/branch
    .venv/bin/python benchmarks/enrich_route_cpu.py /work/wt/main-checkout

The articles are ``benchmarks/enrich.py``'s (~500 words: English gold and seed paragraphs; French and Arabic
gold paragraphs), read from the checkout given, so both sides enrich the same text when the gold files agree.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
    sys.path[:0] = [str(root / "shared"), str(root / "services/enrich"), str(root / "benchmarks"), str(root)]
    import enrich as bench
    from newsflow_enrich.enricher import Enricher
    from newsflow_shared.config import Settings

    count = int(argv[2]) if len(argv) > 2 else 40
    runs = {
        "en": bench.make_articles(count),
        "fr": bench._language_articles(list(bench.FRENCH_FILES.values()), count),
        "ar": bench._language_articles([p.format("ar") for p in bench.GOLD_FILES.values()], count),
    }
    routes = {name: Enricher(Settings(spacy_model=bench.MODEL)) for name in runs}
    routes["fr through gazetteer:fr"] = Enricher(
        Settings(spacy_model=bench.MODEL, ner_backends="en=spacy,*=gazetteer")
    )
    runs["fr through gazetteer:fr"] = runs["fr"]
    figures = []
    for name, articles in runs.items():
        enricher = routes[name]
        enricher.enrich_many(articles[:2])  # model loads and tables built outside the timed part
        started = time.process_time()
        enricher.enrich_many(articles)
        figures.append(f"{name} {1000 * (time.process_time() - started) / count:.1f}")
    print(f"{root}: CPU ms per article: " + ", ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
