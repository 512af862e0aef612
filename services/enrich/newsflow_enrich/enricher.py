"""The enrich stage as plain functions: language, entities and translations of parsed articles.

Used by the Celery task (``newsflow_enrich.tasks``), the embedded runner, ``newsflow extract`` and
``newsflow enrich``.

- Language (``language_profile``): the detector chosen by ``NEWSFLOW_LANGUAGE_DETECTOR`` on title + start of
  body, per paragraph (mixed-language articles), and against the page's declared ``html_lang``.
- Entities (``entities``): each language through its route (``entities.routes``, ``NEWSFLOW_NER_BACKENDS``):
  English and French through spaCy NER (+ alias table and GeoNames), Arabic through dictionaries and rules,
  other languages through their alias table and gazetteer; routes without a model are joined by NER on the
  English translation when a translator is configured (provenance ``translation``). The site's own name is
  never a person; entities carry Wikidata and GeoNames ids from shipped tables.
- Translation (``translation_policy``): configured languages and fields, capped, cached by content hash (in the
  process, then in a shared cache when given one). A failing translator never fails the enrichment: the error
  is logged and the article goes on without it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from newsflow_shared.config import Settings
from newsflow_shared.messages import (
    EnrichedArticle,
    Enrichment,
    EntityCount,
    FailureRecord,
    ParsedArticle,
    Translation,
)
from newsflow_shared.queues import ENRICH_TASK

from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.entities.furniture import retype_site_name
from newsflow_enrich.entities.identifiers import attach_identifiers
from newsflow_enrich.entities.routes import NerRoute, NerRoutes
from newsflow_enrich.language.detectors import LanguageDetector, make_language_detector
from newsflow_enrich.language.profile import LanguageProfile, profile_languages
from newsflow_enrich.translation.backends import Translator, make_translator
from newsflow_enrich.translation.policy import (
    SharedTranslationCache,
    TranslationCache,
    TranslationPolicy,
    content_hash,
)

log = logging.getLogger(__name__)

# Kept for callers that import it; the policy's max_chars (NEWSFLOW_TRANSLATE_MAX_CHARS) is what applies.
TRANSLATE_MAX_CHARS = 20_000
_TITLE_SEPARATOR = "\n\n"


def article_text(article: ParsedArticle) -> str:
    """Title and body of ``article`` as one text, separated like paragraphs (entity offsets index this)."""
    return _TITLE_SEPARATOR.join(part for part in (article.title, article.body) if part and part.strip())


def _title_length(article: ParsedArticle) -> int:
    return len(article.title) if article.title and article.title.strip() else 0


class Enricher:
    """Adds language, entities and translations to parsed articles; one per process (it holds the model)."""

    def __init__(
        self,
        settings: Settings,
        *,
        entities: EntityExtractor | None = None,
        translator: Translator | None = None,
        detector: LanguageDetector | None = None,
        shared_cache: SharedTranslationCache | None = None,
    ) -> None:
        """``shared_cache``: where translations made by other processes (or earlier runs) are found again by
        content hash, after this process's own cache; None for the process cache only."""
        self.settings = settings
        # Cheap: the spaCy model is loaded on first use, not here.
        self.entities = entities if entities is not None else EntityExtractor(settings.spacy_model)
        self.translator = translator if translator is not None else make_translator(settings)
        self.detector = (
            detector if detector is not None else make_language_detector(settings.language_detector)
        )
        self.routes = NerRoutes(settings, self.entities)
        self.policy = TranslationPolicy.from_settings(settings)
        self.cache = TranslationCache()
        self.shared_cache = shared_cache

    def enrich(self, article: ParsedArticle) -> EnrichedArticle:
        """``article`` with its enrichment."""
        return self.enrich_many([article])[0]

    def enrich_many(self, articles: list[ParsedArticle]) -> list[EnrichedArticle]:
        """Each article with its enrichment, in order; English NER runs over the batch in one ``nlp.pipe``."""
        texts = [article_text(article) for article in articles]
        profiles = [profile_languages(a.title, a.body, a.html_lang, self.detector) for a in articles]
        outcomes = [
            self._translations(article, profile.language)
            for article, profile in zip(articles, profiles, strict=True)
        ]
        translations = [found for found, _ in outcomes]

        entities = self._entities(articles, texts, profiles, translations)
        return [
            EnrichedArticle(
                article=article,
                enrichment=self._enrichment(profiles[i], entities[i], *outcomes[i]),
            )
            for i, article in enumerate(articles)
        ]

    def _entities(
        self,
        articles: list[ParsedArticle],
        texts: list[str],
        profiles: list[LanguageProfile],
        translations: list[list[Translation]],
    ) -> list[list[EntityCount]]:
        """Each article's entities: its language's route (``NEWSFLOW_NER_BACKENDS``) over the batch, joined by NER
        on the English translation for routes without a model; then the site's name and identifiers."""
        by_route: dict[str, tuple[NerRoute, list[int]]] = {}
        translated: list[tuple[int, str, int]] = []
        for index, profile in enumerate(profiles):
            route = self.routes.for_language(profile.language)
            if route is not None:
                by_route.setdefault(route.name, (route, []))[1].append(index)
            joins = route is None or getattr(route, "joins_translation", False)
            if joins and (english := _english_translation(translations[index])):
                translated.append((index, *english))
        entities: dict[int, list[EntityCount]] = {}
        for route, indices in by_route.values():
            lengths = [_title_length(articles[i]) for i in indices]
            entities.update(
                zip(indices, route.extract_many([texts[i] for i in indices], lengths), strict=True)
            )
        if translated:
            found = self.entities.extract_many([job[1] for job in translated], [job[2] for job in translated])
            for (index, _, _), result in zip(translated, found, strict=True):
                for entity in result:
                    entity.provenance = "translation"
                    entity.route = f"translation:{self.entities.model_name}"
                entities[index] = _merge_native(entities.get(index, []), result)
        return [
            attach_identifiers(retype_site_name(entities.get(i, []), article.site_name))
            for i, article in enumerate(articles)
        ]

    def _enrichment(
        self,
        profile: LanguageProfile,
        entities: list[EntityCount],
        translations: list[Translation],
        translation_error: str | None,
    ) -> Enrichment:
        return Enrichment(
            language=profile.language,
            language_confidence=profile.confidence,
            declared_language=profile.declared,
            html_lang_agrees=profile.agrees,
            paragraph_languages=profile.paragraphs,
            language_shares=profile.shares,
            mixed_language=profile.mixed,
            language_detector=self.detector.name,
            entities=entities,
            translations=translations,
            translation_error=translation_error,
        )

    def _translations(
        self, article: ParsedArticle, language: str | None
    ) -> tuple[list[Translation], str | None]:
        """The article's translations under the policy, and why there is none when the translator failed."""
        if self.translator is None or language is None or not self.policy.applies_to(language):
            return [], None
        target = self.policy.target
        fields = self.policy.fields
        texts = [(getattr(article, field) or "")[: self.policy.max_chars] for field in fields]
        key = content_hash(self.translator.name, language, target, texts, fields, self.policy.model)
        translated = self.cache.get(key)
        if translated is None and (translated := self._shared_get(key, fields)) is not None:
            self.cache.put(key, translated)
        if translated is None:
            try:
                translated = self.translator.translate(texts, language, target)
                if len(translated) != len(texts):
                    raise ValueError(f"{len(translated)} translations for {len(texts)} texts")
            # Any error, not only NewsflowError: a plug-in translator may raise anything, and an article without a
            # translation is still worth storing.
            except Exception as exc:
                log.warning(
                    "translation %s->%s by %s failed for %s: %s: %s",
                    language, target, self.translator.name, article.url, type(exc).__name__, exc,
                )  # fmt: skip
                reason = getattr(exc, "reason", None) or "translator_error"
                return [], f"{reason}: {type(exc).__name__}: {exc}"[:500]
            self.cache.put(key, translated)
            self._shared_put(key, fields, translated)
        by_field = dict(zip(fields, translated, strict=True))
        translation = Translation(
            provider=self.translator.name,
            source_language=language,
            target_language=target,
            title=by_field.get("title") or None,
            body=by_field.get("body") or None,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            model=self.policy.model,
            content_hash=key,
        )
        return [translation], None

    def _shared_get(self, key: str, fields: tuple[str, ...]) -> list[str] | None:
        """The shared cache's translations for ``key``; a broken shared cache is a miss, not a failure."""
        if self.shared_cache is None:
            return None
        try:
            found = self.shared_cache.get(key, fields)
        except Exception as exc:
            log.warning("shared translation cache lookup failed: %s: %s", type(exc).__name__, exc)
            return None
        return list(found) if found is not None and len(found) == len(fields) else None

    def _shared_put(self, key: str, fields: tuple[str, ...], translated: list[str]) -> None:
        if self.shared_cache is None:
            return
        try:
            self.shared_cache.put(key, fields, translated)
        except Exception as exc:
            log.warning("shared translation cache write failed: %s: %s", type(exc).__name__, exc)


def translation_failure(enriched: EnrichedArticle) -> FailureRecord | None:
    """A ``failures`` row for an article whose translation failed, or None.

    The article is stored anyway; the row makes the missing translation visible to operators and replayable:
    its payload is the parsed article without its crawl, so a replay re-enriches and re-stores it (an
    idempotent upsert that keeps the crawl that found it) without touching that crawl's counters.
    """
    error = enriched.enrichment.translation_error
    if error is None:
        return None
    article = enriched.article
    reason, _, message = error.partition(": ")
    return FailureRecord(
        crawl_id=article.crawl_id,
        stage="enrich",
        task_name=ENRICH_TASK,
        url=article.url,
        error_type="TranslationFailed",
        reason="translation_failed",
        message=f"{reason}: {message}" if message else reason,
        permanent=False,
        payload=article.model_copy(update={"crawl_id": None}).model_dump(mode="json"),
    )


def _merge_native(native: list[EntityCount], translated: list[EntityCount]) -> list[EntityCount]:
    """Alias-table entities of the original (curated names, offsets into the original text) plus what NER found
    in the English translation and the table did not. Rule-found names (``pattern``: Arabic script, no
    transliteration) and GeoNames names ("Saint Petersburg", "Darnah") give way to the translation, which
    names the same people and places as English news does ("St. Petersburg", "Derna")."""
    kept = [entity for entity in native if entity.provenance == "alias"]
    known = {entity.name for entity in kept}
    return kept + [entity for entity in translated if entity.name not in known]


def _english_translation(translations: list[Translation]) -> tuple[str, int] | None:
    """(text, title length) of the English translation, for NER on it; None when there is none."""
    for translation in translations:
        if translation.target_language == "en" and (translation.title or translation.body):
            title = translation.title or ""
            text = _TITLE_SEPARATOR.join(part for part in (title, translation.body or "") if part.strip())
            return text, len(title) if title.strip() else 0
    return None
