"""Entities: named people, organisations and places — the per-language routes (``routes``: spaCy NER for
English and French, Arabic rules, the gazetteer route for other languages), the English and Arabic rules, the
alias table and gazetteer (GeoNames, CLDR) and their per-language tables, headline recasing (``titles``), page
furniture (``furniture``), normalisation and grouping of mentions, and shared identifiers (``identifiers``:
Wikidata, GeoNames).

May import ``newsflow_shared``; never ``language`` or ``translation`` (the enricher composes them).
"""
