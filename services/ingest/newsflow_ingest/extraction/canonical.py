"""The canonical URL of a page: ``<link rel=canonical>``, then ``og:url``, then the fetched URL."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def choose_canonical_url(url: str, canonical: str | None, og_url: str | None) -> tuple[str, str]:
    """``(canonical_url, source)``: a declared URL resolved against ``url``, or ``url`` itself.

    A declared URL is ignored when it is not http(s) or points at the site root while the page is not the
    root: a CMS template bug that would merge every article of a site into one (a known failure mode of
    WordPress themes that hard-code the home URL).
    """
    for declared, source in ((canonical, "html"), (og_url, "og")):
        if not declared:
            continue
        try:
            absolute = urljoin(url, declared.strip())
            parts = urlsplit(absolute)
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        if parts.path in ("", "/") and not parts.query and urlsplit(url).path not in ("", "/"):
            continue
        return absolute, source
    return url, "url"
