"""The operator console at ``/console``: server-rendered pages (Jinja2) with htmx (vendored in ``static/``, no
CDN) for live parts, over the same functions the JSON API's routes run — a page never has logic of its own.

- :mod:`.session` — sign-in with an API token, the session cookie (HttpOnly, SameSite=Strict) kept in Redis,
  the CSRF token every form carries, sign-out.
- :mod:`.pages` — the pages: crawls, sources, failures, articles.
- :mod:`.render` — templates, filters and the sparkline.

May import: ``newsflow_api`` (its routes' functions), ``newsflow_crawl``, ``newsflow_shared``.
"""
