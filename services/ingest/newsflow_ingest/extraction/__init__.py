"""Article extraction: turn one fetched HTML page into a :class:`~newsflow_shared.messages.ParsedArticle`.

The page is parsed once with lxml; the same tree feeds the metadata readers (JSON-LD, OpenGraph, ``<meta>``,
visible HTML) and trafilatura, which extracts the body.
May import ``newsflow_shared`` and ``newsflow_ingest.profiles`` (site rules that take priority); never fetching,
discovery or the stage: extraction is a pure function of an HTML string, a URL and a fetch time.

Where each part lives (every module's docstring says more; a test checks that this map names every module):

- entry and orchestration: ``parser`` (``parse_article``), ``fields`` (each metadata field from its candidates,
  with provenance), ``document`` (one lxml tree, text helpers), ``joiners`` (zero-width joiners carried through
  trafilatura), ``classify`` (article, listing, paywall, shell);
- declared metadata: ``metadata`` (``<meta>``/``<link>``), ``jsonld`` (schema.org), ``canonical``, ``tags``,
  ``extras`` (publisher fields such as "Media ID");
- title: ``title``, ``title_words`` (what the major news languages put in ``<title>`` beside the headline: generic
  news labels, page numbers, print labels, a site's name in another script);
- bylines: ``authors`` (byline markup, cleaning), ``byline_tokens`` (person / organisation / dropped with a reason),
  ``plain_bylines`` (bylines in plain text), ``cobylines`` (co-authors beside a declared author),
  ``cjk_bylines`` (Chinese, Japanese and Korean byline conventions), ``byline_words`` (the byline vocabulary of
  the other major news languages: signs, labels, job words, credit labels), ``organisations`` (people versus
  organisations);
- dates: ``dates`` (candidates and the choice), ``calendars`` (other calendars and month names: Solar Hijri,
  Levantine Arabic, the Thai year), ``date_labels`` (each language's update and publication labels),
  ``shown_dates`` (dates printed beside the headline), ``yearless_dates`` (days printed without their year),
  ``local_time`` and
  ``country_zones`` (the page's own zone), ``relative_dates``, ``listing_dates``, ``dateline``;
- body: ``body`` (trafilatura on the tree, then the clean-up), ``boilerplate`` (furniture by class and by line),
  ``edge_lines`` (furniture lines at the body's edges), ``furniture_words`` (the words of that furniture in the
  major news languages: "Baca juga:", "Читайте также:", calls to follow, picture credits), ``lead`` (headline and
  standfirst at the top), ``body_start`` (a header run into the first line, header lines above the lead),
  ``loose_text`` and ``continuation`` (text the extractor would lose), ``images``.
"""

from __future__ import annotations

from newsflow_ingest.extraction.parser import parse_article

__all__ = ["parse_article"]
