"""Article extraction: turn one fetched HTML page into a :class:`~newsflow_shared.messages.ParsedArticle`.

The page is parsed once with lxml; the same tree feeds the metadata readers (JSON-LD, OpenGraph, ``<meta>``,
visible HTML) and trafilatura, which extracts the body.
"""

from __future__ import annotations

from newsflow_ingest.extraction.parser import parse_article

__all__ = ["parse_article"]
