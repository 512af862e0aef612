"""Serving the task API (``newsflow api``)."""

from __future__ import annotations

import uvicorn
from newsflow_shared.config import Settings, get_settings

from newsflow_api.app import create_app


def run(host: str = "127.0.0.1", port: int = 8000, *, settings: Settings | None = None) -> None:
    """Serve the API with uvicorn until interrupted. Fails at once (MissingApiToken) when no token is set."""
    settings = settings if settings is not None else get_settings()
    app = create_app(settings)  # built here, so a configuration error stops us before a port is bound
    uvicorn.run(app, host=host, port=port, log_level=settings.log_level.lower(), proxy_headers=True)
