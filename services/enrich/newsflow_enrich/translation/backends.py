"""Machine translation backends behind one small protocol, chosen by ``NEWSFLOW_TRANSLATOR``.

Built in: ``none`` (no translation), ``libretranslate`` (a LibreTranslate server, self-hosted or not) and
``opus-mt`` (an OPUS-MT server, e.g. Helsinki-NLP's ``opus-mt`` Docker image: ``POST /api/translate``).
A deployment adds its own backend with an entry point in the ``newsflow.translators`` group whose object is a
callable taking the ``Settings`` and returning a ``Translator`` (a class whose ``__init__`` takes the settings
works), for example in its ``pyproject.toml``::

    [project.entry-points."newsflow.translators"]
    deepl = "mycompany_newsflow.deepl:DeepLTranslator"

A backend that cannot work with the given settings raises ``NotConfigured`` from its factory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, Protocol

import requests
from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured, PermanentError, TransientError

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "newsflow.translators"
_BAD_ANSWER = "translator_bad_answer"


class Translator(Protocol):
    """Translates texts from one language into another; raises ``TransientError``/``PermanentError``."""

    name: str

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """The translations of ``texts``, in order, from ``source`` into ``target`` (BCP-47 short codes)."""
        ...


TranslatorFactory = Callable[[Settings], Translator]


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


class LibreTranslateTranslator:
    """A LibreTranslate server: ``POST {url}/translate`` with JSON ``q, source, target, format, api_key``.

    One request per text: ``q`` may be a list in recent LibreTranslate versions, but a single string works
    with every version and with the hosted mirrors. Timeouts, connection errors, 408, 429 and 5xx raise
    ``TransientError`` (the service may recover); any other 4xx (unsupported language pair, bad API key)
    raises ``PermanentError``: sending the same request again cannot help.
    """

    name = "libretranslate"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 20.0) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._session = requests.Session()

    @classmethod
    def from_settings(cls, settings: Settings) -> LibreTranslateTranslator:
        """The translator configured by ``NEWSFLOW_TRANSLATE_URL``, ``_API_KEY`` and ``_TIMEOUT``."""
        if not settings.translate_url:
            raise NotConfigured("NEWSFLOW_TRANSLATOR=libretranslate needs NEWSFLOW_TRANSLATE_URL")
        api_key = settings.translate_api_key.get_secret_value() if settings.translate_api_key else None
        return cls(settings.translate_url, api_key=api_key, timeout=settings.translate_timeout)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """The translations of ``texts``; empty texts are returned as they are, without a request."""
        return [self._translate_one(text, source, target) if text.strip() else text for text in texts]

    def _translate_one(self, text: str, source: str, target: str) -> str:
        payload: dict[str, Any] = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        endpoint = f"{self.url}/translate"
        try:
            response = self._session.post(endpoint, json=payload, timeout=self.timeout)
        except requests.Timeout as exc:
            message = f"{endpoint} timed out after {self.timeout}s"
            raise TransientError(message, reason="translator_timeout") from exc
        except requests.RequestException as exc:
            raise TransientError(f"{endpoint} failed: {exc}", reason="translator_unreachable") from exc
        if response.status_code in (408, 429) or response.status_code >= 500:
            raise TransientError(
                f"{endpoint} answered {response.status_code}: {response.text[:200]}",
                reason="translator_unavailable",
                retry_after=_retry_after(response),
            )
        if response.status_code != 200:
            raise PermanentError(
                f"{endpoint} refused {source}->{target}: {response.status_code} {response.text[:200]}",
                reason="translator_refused",
            )
        try:
            translated = response.json()["translatedText"]
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientError(f"{endpoint} gave no translatedText", reason=_BAD_ANSWER) from exc
        if not isinstance(translated, str):
            raise TransientError(f"{endpoint} gave a non-string translatedText", reason=_BAD_ANSWER)
        return translated


def _post_json(session: requests.Session, endpoint: str, payload: dict[str, Any], timeout: float) -> Any:
    """POST ``payload`` and return the decoded JSON answer, mapping failures onto the error policy."""
    try:
        response = session.post(endpoint, json=payload, timeout=timeout)
    except requests.Timeout as exc:
        raise TransientError(f"{endpoint} timed out after {timeout}s", reason="translator_timeout") from exc
    except requests.RequestException as exc:
        raise TransientError(f"{endpoint} failed: {exc}", reason="translator_unreachable") from exc
    if response.status_code in (408, 429) or response.status_code >= 500:
        raise TransientError(
            f"{endpoint} answered {response.status_code}: {response.text[:200]}",
            reason="translator_unavailable",
            retry_after=_retry_after(response),
        )
    if response.status_code != 200:
        raise PermanentError(
            f"{endpoint} refused: {response.status_code} {response.text[:200]}", reason="translator_refused"
        )
    try:
        return response.json()
    except ValueError as exc:
        raise TransientError(f"{endpoint} answered no JSON", reason=_BAD_ANSWER) from exc


class OpusMtTranslator:
    """An OPUS-MT server (Helsinki-NLP ``opus-mt`` app): ``POST {url}/api/translate {from, to, source}`` →
    ``{"translation": ...}``. The server picks the Marian model of the language pair itself."""

    name = "opus-mt"

    def __init__(self, url: str, timeout: float = 20.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._session = requests.Session()

    @classmethod
    def from_settings(cls, settings: Settings) -> OpusMtTranslator:
        """The translator configured by ``NEWSFLOW_TRANSLATE_URL`` and ``_TIMEOUT``."""
        if not settings.translate_url:
            raise NotConfigured("NEWSFLOW_TRANSLATOR=opus-mt needs NEWSFLOW_TRANSLATE_URL")
        return cls(settings.translate_url, timeout=settings.translate_timeout)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """The translations of ``texts``; empty texts are returned as they are, without a request."""
        return [self._translate_one(text, source, target) if text.strip() else text for text in texts]

    def _translate_one(self, text: str, source: str, target: str) -> str:
        endpoint = f"{self.url}/api/translate"
        answer = _post_json(
            self._session, endpoint, {"from": source, "to": target, "source": text}, self.timeout
        )
        translated = answer.get("translation") if isinstance(answer, dict) else None
        # Some versions answer a list of sentence translations.
        if isinstance(translated, list) and all(isinstance(part, str) for part in translated):
            translated = " ".join(translated)
        if not isinstance(translated, str):
            raise TransientError(f"{endpoint} gave no string translation", reason=_BAD_ANSWER)
        return translated


BUILTIN_TRANSLATORS: dict[str, TranslatorFactory] = {
    "libretranslate": LibreTranslateTranslator.from_settings,
    "opus-mt": OpusMtTranslator.from_settings,
}


def available_translators() -> dict[str, TranslatorFactory]:
    """Every translator factory by name: the built-in ones, then those of installed entry points."""
    factories: dict[str, TranslatorFactory] = dict(BUILTIN_TRANSLATORS)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name in factories:
            log.warning("translator entry point %r ignored: the name is taken", entry_point.value)
            continue
        factories[entry_point.name] = _lazy_factory(entry_point.name, entry_point.load)
    return factories


def _lazy_factory(name: str, load: Callable[[], Any]) -> TranslatorFactory:
    # Importing a plug-in only when it is chosen keeps a broken, unused plug-in from breaking every worker.
    def factory(settings: Settings) -> Translator:
        try:
            loaded = load()
        except Exception as exc:
            raise NotConfigured(f"translator {name!r} could not be loaded: {exc}") from exc
        translator: Translator = loaded(settings)
        return translator

    return factory


def make_translator(settings: Settings) -> Translator | None:
    """The translator chosen by ``settings.translator``, or None for ``none``.

    Raises ``NotConfigured`` for an unknown name, or when the chosen backend lacks its settings: an operator
    who asked for translation should learn at start-up that there will be none, not from empty results.
    """
    choice = settings.translator.strip().lower()
    if choice in ("", "none"):
        return None
    factories = available_translators()
    factory = factories.get(choice)
    if factory is None:
        known = ", ".join(["none", *sorted(factories)])
        raise NotConfigured(f"unknown translator NEWSFLOW_TRANSLATOR={settings.translator!r}; known: {known}")
    return factory(settings)
