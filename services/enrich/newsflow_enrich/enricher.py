"""The enrich stage as plain functions: language, entities and translations of parsed articles.

Used by the Celery task (``newsflow_enrich.tasks``), the embedded runner and ``newsflow extract``.

- Language: py3langid on the title and the start of the body (``newsflow_enrich.language``).
- Entities: spaCy NER on title and body, for English articles only. Other languages get no entities for now:
  the English model finds garbage in them. A later issue adds native models or NER on the translation.
- Translation: when a translator is configured and the detected language is not ``NEWSFLOW_TRANSLATE_TARGET``,
  title and body (capped) are translated. A failing translator never fails the enrichment: the error is
  logged and the article goes on without a translation (a later issue adds a retry path).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from newsflow_shared.config import Settings
from newsflow_shared.messages import EnrichedArticle, Enrichment, EntityCount, ParsedArticle, Translation

from newsflow_enrich.entities import EntityExtractor
from newsflow_enrich.language import detect_language
from newsflow_enrich.translators import Translator, make_translator

log = logging.getLogger(__name__)

NER_LANGUAGES = frozenset({"en"})
# Machine translation is slow and often paid per character; 20,000 characters hold all but the longest
# articles (a 3,000-word feature is ~18,000).
TRANSLATE_MAX_CHARS = 20_000


def article_text(article: ParsedArticle) -> str:
    """Title and body of ``article`` as one text, separated like paragraphs."""
    return "\n\n".join(part for part in (article.title, article.body) if part and part.strip())


class Enricher:
    """Adds language, entities and translations to parsed articles; one per process (it holds the model)."""

    def __init__(
        self,
        settings: Settings,
        *,
        entities: EntityExtractor | None = None,
        translator: Translator | None = None,
    ) -> None:
        self.settings = settings
        # Cheap: the spaCy model is loaded on first use, not here.
        self.entities = entities if entities is not None else EntityExtractor(settings.spacy_model)
        self.translator = translator if translator is not None else make_translator(settings)

    def enrich(self, article: ParsedArticle) -> EnrichedArticle:
        """``article`` with its enrichment."""
        return self.enrich_many([article])[0]

    def enrich_many(self, articles: list[ParsedArticle]) -> list[EnrichedArticle]:
        """Each article with its enrichment, in order; NER runs over the batch in one ``nlp.pipe``."""
        texts = [article_text(article) for article in articles]
        languages = [detect_language(text) for text in texts]
        ner_indexes = [index for index, (language, _) in enumerate(languages) if language in NER_LANGUAGES]
        found = self.entities.extract_many([texts[index] for index in ner_indexes]) if ner_indexes else []
        entities_by_index: dict[int, list[EntityCount]] = dict(zip(ner_indexes, found, strict=True))

        enriched = []
        for index, article in enumerate(articles):
            language, confidence = languages[index]
            enrichment = Enrichment(
                language=language,
                language_confidence=confidence,
                entities=entities_by_index.get(index, []),
                translations=self._translations(article, language),
            )
            enriched.append(EnrichedArticle(article=article, enrichment=enrichment))
        return enriched

    def _translations(self, article: ParsedArticle, language: str | None) -> list[Translation]:
        target = self.settings.translate_target
        if self.translator is None or language is None or language == target:
            return []
        title = article.title or ""
        body = article.body[:TRANSLATE_MAX_CHARS]
        try:
            translated = self.translator.translate([title, body], language, target)
            if len(translated) != 2:
                raise ValueError(f"{len(translated)} translations for 2 texts")
        # Any error, not only NewsflowError: a plug-in translator may raise anything, and an article without a
        # translation is still worth storing.
        except Exception as exc:
            log.warning(
                "translation %s->%s by %s failed for %s: %s: %s",
                language, target, self.translator.name, article.url, type(exc).__name__, exc,
            )  # fmt: skip
            return []
        return [
            Translation(
                provider=self.translator.name,
                source_language=language,
                target_language=target,
                title=translated[0] or None,
                body=translated[1] or None,
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        ]
