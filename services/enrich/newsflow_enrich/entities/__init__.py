"""Entities: named people, organisations and places — the spaCy NER route (``extractor``), the English and
Arabic rules, the alias table and gazetteer (GeoNames, CLDR), normalisation and grouping of mentions.

May import ``newsflow_shared``; never ``language`` or ``translation`` (the enricher composes them).
"""
