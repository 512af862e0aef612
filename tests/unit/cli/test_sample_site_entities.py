"""Headline junk on the bundled sample site: every entity a headline yields is a real name (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

from newsflow_enrich.enricher import Enricher
from newsflow_enrich.entities.aliases import default_alias_table, match_key
from newsflow_enrich.entities.demonyms import demonym_keys
from newsflow_ingest.extraction.parser import parse_article
from newsflow_shared.config import Settings

SITE = Path(__file__).resolve().parents[3] / "newsflow" / "sample_site"


def test_headlines_yield_no_junk_entities() -> None:
    expected = json.loads((SITE / "EXPECTED.json").read_text(encoding="utf-8"))
    enricher = Enricher(Settings(_env_file=None))
    table = default_alias_table()
    junk = []
    for path, facts in expected["articles"].items():
        html = (SITE / path.strip("/") / "index.html").read_text(encoding="utf-8")
        article = parse_article(html, f"http://sample.test{path}")
        title_length = len(article.title or "")
        known = {match_key(name) for name in facts.get("entities", [])}
        for entity in enricher.enrich(article).enrichment.entities:
            if not any(mention.start < title_length for mention in entity.mentions):
                continue
            key = match_key(entity.name)
            real = key in known or table.lookup(entity.name) is not None or key in demonym_keys()
            if not real or (entity.type == "PERSON" and key not in known):
                junk.append(f"{path}: {entity.name} ({entity.type})")
    assert junk == []
