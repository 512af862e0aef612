"""Mount the console and the offline API docs on the app."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from newsflow_api.console import pages
from newsflow_api.console.session import SignInRequired

STATIC = Path(__file__).parent / "static"
# Swagger UI 5 as fastapi-offline ships it (its package data; mounted here, beside the console).
DOCS_STATIC = Path(fastapi_offline.__file__).parent / "static"

# The console's pages load nothing from elsewhere; no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def install_console(app: FastAPI) -> None:
    """``/console`` (pages and ``/console/static``) and ``/docs`` served from installed files only. ReDoc is not
    offered: even from local files it asks a CDN for its logo."""
    app.include_router(pages.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.mount("/docs/static", StaticFiles(directory=DOCS_STATIC), name="docs-static")
    app.add_exception_handler(SignInRequired, _to_signin)

    @app.middleware("http")
    async def _console_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        if request.url.path.startswith("/console") and not request.url.path.startswith("/console/static"):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        """Swagger UI from the ``swagger-ui-bundle`` package, not a CDN: works on a closed network."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url="/docs/static/swagger-ui-bundle.js",
            swagger_css_url="/docs/static/swagger-ui.css",
            swagger_favicon_url="/docs/static/favicon.png",
        )


async def _to_signin(request: Request, _exc: Exception) -> Response:
    if request.headers.get("HX-Request"):
        # htmx follows a redirect inside the fragment; HX-Redirect makes it load the sign-in page whole.
        return Response(status_code=204, headers={"HX-Redirect": "/console/signin"})
    return RedirectResponse("/console/signin", status_code=303)
