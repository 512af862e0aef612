"""Translators against a real local LibreTranslate stand-in, and the translator registry."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from newsflow_enrich.translation.backends import LibreTranslateTranslator, Translator, make_translator
from newsflow_shared.config import Settings
from newsflow_shared.errors import NotConfigured, PermanentError, TransientError

from tests.support.translate_server import fake_translation, serve_translate


def test_libretranslate_request_and_answer() -> None:
    with serve_translate() as server:
        translator = LibreTranslateTranslator(server.base_url + "/", api_key="k3y", timeout=5)
        assert translator.translate(["Merhaba dünya", "", "İkinci metin"], "tr", "en") == [
            fake_translation("Merhaba dünya", "en"),
            "",
            fake_translation("İkinci metin", "en"),
        ]
    # One request per non-empty text, q as a single string, the documented fields.
    assert server.requests == [
        {"path": "/translate", "q": "Merhaba dünya", "source": "tr", "target": "en", "format": "text",
         "api_key": "k3y"},
        {"path": "/translate", "q": "İkinci metin", "source": "tr", "target": "en", "format": "text",
         "api_key": "k3y"},
    ]  # fmt: skip


def test_no_api_key_field_without_a_key() -> None:
    with serve_translate() as server:
        LibreTranslateTranslator(server.base_url).translate(["Hallo"], "de", "en")
    assert "api_key" not in server.requests[0]


@pytest.mark.parametrize("status", [500, 503, 429, 408])
def test_server_errors_are_transient(status: int) -> None:
    with (
        serve_translate(status=status, headers={"Retry-After": "7"}) as server,
        pytest.raises(TransientError) as raised,
    ):
        LibreTranslateTranslator(server.base_url).translate(["Hallo Welt"], "de", "en")
    assert str(status) in str(raised.value)
    assert raised.value.retry_after == 7.0


@pytest.mark.parametrize("status", [400, 403])
def test_refusals_are_permanent(status: int) -> None:
    with serve_translate(status=status) as server, pytest.raises(PermanentError) as raised:
        LibreTranslateTranslator(server.base_url).translate(["Hallo Welt"], "de", "xx")
    assert raised.value.reason == "translator_refused"


def test_garbage_answer_is_transient() -> None:
    with (
        serve_translate(raw_body=b"<html>proxy error</html>") as server,
        pytest.raises(TransientError, match="translatedText"),
    ):
        LibreTranslateTranslator(server.base_url).translate(["Hallo Welt"], "de", "en")


def test_timeout_is_transient() -> None:
    with serve_translate(delay=5.0) as server:
        started = time.monotonic()
        with pytest.raises(TransientError) as raised:
            LibreTranslateTranslator(server.base_url, timeout=0.3).translate(["Hallo Welt"], "de", "en")
        elapsed = time.monotonic() - started
    assert raised.value.reason == "translator_timeout"
    assert elapsed < 2.0


def test_unreachable_server_is_transient() -> None:
    with serve_translate() as server:
        url = server.base_url
    with pytest.raises(TransientError, match="failed"):
        LibreTranslateTranslator(url, timeout=1).translate(["Hallo Welt"], "de", "en")


def test_registry_none() -> None:
    assert make_translator(Settings(translator="none")) is None


def test_registry_libretranslate_from_settings() -> None:
    settings = Settings(
        translator="libretranslate", translate_url="http://127.0.0.1:1", translate_api_key="s3cret",
        translate_timeout=3.5,
    )  # fmt: skip
    translator = make_translator(settings)
    assert isinstance(translator, LibreTranslateTranslator)
    assert (translator.name, translator.url, translator.api_key, translator.timeout) == (
        "libretranslate", "http://127.0.0.1:1", "s3cret", 3.5,
    )  # fmt: skip


def test_registry_libretranslate_needs_a_url() -> None:
    with pytest.raises(NotConfigured, match="NEWSFLOW_TRANSLATE_URL"):
        make_translator(Settings(translator="libretranslate"))


def test_registry_unknown_name() -> None:
    with pytest.raises(NotConfigured, match=r"unknown translator .*'deepl'.*known: none, libretranslate"):
        make_translator(Settings(translator="deepl"))


PLUGIN = """
class ShoutingTranslator:
    name = "shouting"

    def __init__(self, settings):
        self.target = settings.translate_target

    def translate(self, texts, source, target):
        return [text.upper() for text in texts]
"""


def test_registry_loads_entry_point_plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real installed-distribution layout on sys.path, found by importlib.metadata like any other package.
    (tmp_path / "newsflow_test_plugin.py").write_text(PLUGIN, encoding="utf-8")
    dist_info = tmp_path / "newsflow_test_plugin-0.1.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: newsflow-test-plugin\nVersion: 0.1\n")
    (dist_info / "entry_points.txt").write_text(
        "[newsflow.translators]\nshouting = newsflow_test_plugin:ShoutingTranslator\n"
        "broken = newsflow_test_plugin_missing:Nothing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    translator: Translator | None = make_translator(Settings(translator="shouting"))
    assert translator is not None
    assert translator.name == "shouting"
    assert translator.translate(["hallo"], "de", "en") == ["HALLO"]
    # A plug-in that cannot be imported only fails when chosen, and says which one.
    assert make_translator(Settings(translator="none")) is None
    with pytest.raises(NotConfigured, match="'broken' could not be loaded"):
        make_translator(Settings(translator="broken"))
