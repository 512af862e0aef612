"""``newsflow_api.body_limit.BodySizeLimit``: bodies over the limit are refused with 413, declared or streamed,
before the application sees them; called as ASGI directly, and in a tiny FastAPI app."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from newsflow_api.body_limit import BodySizeLimit
from starlette.types import Message, Receive, Scope, Send

LIMIT = 16


class Recorder:
    """An ASGI app that reads the whole body and answers 200 with its length."""

    def __init__(self) -> None:
        self.calls = 0
        self.body = b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        if scope["type"] != "http":
            return
        while True:
            message = await receive()
            self.body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        payload = json.dumps({"length": len(self.body)}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": payload})


def call(
    chunks: list[bytes], *, headers: list[tuple[bytes, bytes]] | None = None
) -> tuple[Recorder, int, dict[str, Any] | None, int]:
    """Send ``chunks`` as one request through the middleware; the app, the status, the JSON body, and how many
    chunks the middleware read."""
    app = Recorder()
    middleware = BodySizeLimit(app, max_bytes=LIMIT)
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    read = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal read
        read += 1
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": "POST", "path": "/", "headers": headers or []}
    asyncio.run(middleware(scope, receive, send))
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return app, status, json.loads(body) if body else None, read


def test_a_small_streamed_body_reaches_the_app_whole() -> None:
    app, status, body, _ = call([b"abc", b"defgh", b"ij"])
    assert status == 200
    assert app.body == b"abcdefghij"
    assert body == {"length": 10}


def test_a_body_of_exactly_the_limit_is_fine() -> None:
    app, status, _, _ = call([b"x" * 8, b"y" * 8], headers=[(b"content-length", str(LIMIT).encode())])
    assert status == 200
    assert app.body == b"x" * 8 + b"y" * 8


def test_a_streamed_body_over_the_limit_is_refused_after_one_chunk_too_many() -> None:
    app, status, body, read = call([b"a" * 10, b"b" * 10, b"c" * 10, b"d" * 10])
    assert status == 413
    assert body == {"detail": f"request body larger than {LIMIT} bytes"}
    assert app.calls == 0
    assert read == 2  # the chunk that crossed the limit is the last one read


def test_a_declared_size_over_the_limit_is_refused_before_reading() -> None:
    app, status, body, read = call([b"small"], headers=[(b"content-length", b"17")])
    assert status == 413
    assert body == {"detail": f"request body larger than {LIMIT} bytes"}
    assert (app.calls, read) == (0, 0)


def test_an_unreadable_content_length_is_a_bad_request() -> None:
    app, status, body, read = call([b"x"], headers=[(b"content-length", b"twelve")])
    assert status == 400
    assert body == {"detail": "invalid Content-Length"}
    assert (app.calls, read) == (0, 0)


def test_other_scopes_pass_through() -> None:
    app = Recorder()

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    async def send(_message: Message) -> None:
        return None

    asyncio.run(BodySizeLimit(app, max_bytes=LIMIT)({"type": "lifespan"}, receive, send))
    assert app.calls == 1


def test_in_a_fastapi_app() -> None:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"length": len(await request.body())}

    app.add_middleware(BodySizeLimit, max_bytes=LIMIT)
    with TestClient(app) as client:
        assert client.post("/echo", content=b"x" * LIMIT).json() == {"length": LIMIT}
        refused = client.post("/echo", content=b"x" * (LIMIT + 1))
        assert refused.status_code == 413
        assert refused.headers["content-type"] == "application/json"
        assert refused.json() == {"detail": f"request body larger than {LIMIT} bytes"}
        assert client.post("/echo").json() == {"length": 0}
