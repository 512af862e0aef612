"""Serving the task API (``newsflow api``)."""

from __future__ import annotations

import logging

import uvicorn
from newsflow_shared.config import Settings, get_settings

from newsflow_api.app import create_app


class AccessLogFields(logging.Filter):
    """uvicorn's access line also as fields (``http_method``, ``http_path``, ``http_status``), so JSON lines can
    be filtered on them; the line itself is unchanged. uvicorn logs it as ``'%s - "%s %s HTTP/%s" %d'`` with
    (client, method, path, HTTP version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, path, _version, status = record.args
            record.http_method, record.http_path, record.http_status = method, path, status
        return True


def run(host: str = "127.0.0.1", port: int = 8000, *, settings: Settings | None = None) -> None:
    """Serve the API with uvicorn until interrupted. Fails at once (MissingApiToken) when no token is set."""
    settings = settings if settings is not None else get_settings()
    app = create_app(settings)  # built here, so a configuration error stops us before a port is bound
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogFields) for f in access.filters):
        access.addFilter(AccessLogFields())
    # log_config=None: uvicorn leaves logging alone, and its loggers (uvicorn.error, uvicorn.access) propagate to
    # the root handler ``newsflow`` configured — the same JSON or text lines as the rest (docs/operations.md).
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,
        proxy_headers=True,
    )
