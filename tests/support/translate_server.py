"""A local translation-service stand-in for tests: real HTTP on 127.0.0.1 speaking two APIs.

- LibreTranslate: ``POST /translate {q, source, target}`` → ``{"translatedText": "[<target>] <q>"}``;
- OPUS-MT server: ``POST /api/translate {from, to, source}`` → ``{"translation": "[<to>] <source>"}``.

By default it answers with ``fake_translation`` so a test can tell what was sent where, or with the text of
``translations`` when a test supplies one for the source text; a test can instead make it fail (``status``),
answer garbage (``raw_body``) or stall (``delay`` seconds).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class TranslateServer:
    base_url: str = ""
    status: int = 200
    delay: float = 0.0
    raw_body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    translations: dict[str, str] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)


def fake_translation(text: str, target: str) -> str:
    """What the server answers for ``text`` when it works."""
    return f"[{target}] {text}"


@contextmanager
def serve_translate(**behaviour: Any) -> Iterator[TranslateServer]:
    """Run a LibreTranslate stand-in on a free port; ``behaviour`` sets ``TranslateServer`` fields."""
    state = TranslateServer(**behaviour)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append({"path": self.path, **payload})
            if state.delay:
                state.stopping.wait(state.delay)  # woken at shutdown so tests never wait for a stalled reply
            if self.path not in ("/translate", "/api/translate"):
                status, body = 404, b'{"error": "Not Found"}'
            elif state.raw_body is not None:
                status, body = state.status, state.raw_body
            elif state.status != 200:
                status, body = state.status, json.dumps({"error": f"status {state.status}"}).encode()
            elif self.path == "/translate":
                text = payload["q"]
                translated = state.translations.get(text) or fake_translation(text, payload["target"])
                status, body = 200, json.dumps({"translatedText": translated}).encode()
            else:
                text = payload["source"]
                translated = state.translations.get(text) or fake_translation(text, payload["to"])
                status, body = 200, json.dumps({"translation": translated}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for key, value in state.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll interval: shutdown() waits up to one interval, 0.5 s by default, in every test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
