"""Translation: translator backends by entry point (LibreTranslate, OPUS-MT), the policy of what to translate,
and the cache of translations already stored.

May import ``newsflow_shared`` and ``newsflow_enrich.language`` (language codes).
"""
