"""newsflow_enrich: the enrich stage — language, named entities and translations of a parsed article.

Rooms: ``language`` (detectors, codes, per-paragraph profile), ``entities`` (NER, rules, aliases, gazetteer),
``translation`` (backends, policy, stored cache); ``enricher`` composes them; ``step`` is the stage's bookkeeping
for one message and ``tasks`` its Celery adapter. May import ``newsflow_shared`` and ``newsflow_crawl``; never
another service.
"""
