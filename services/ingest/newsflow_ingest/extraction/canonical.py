"""The canonical URL of a page: ``<link rel=canonical>``, then ``og:url``, then (an AMP page without either) the
URL without its AMP marker, then the fetched URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# AMP URL conventions (https://amp.dev/documentation/guides-and-tutorials/optimize-and-measure/discovery):
# a trailing /amp/ segment, an .amp(.html) suffix, or an amp / outputType=amp query parameter.
_AMP_SEGMENT = re.compile(r"/amp(/?)$", re.I)
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)?$", re.I)
_AMP_QUERY_KEYS = frozenset({"amp", "outputtype", "output"})


def choose_canonical_url(
    url: str, canonical: str | None, og_url: str | None, *, is_amp: bool = False
) -> tuple[str, str]:
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
    if is_amp:
        return non_amp_url(url), "url"
    return url, "url"


def non_amp_url(url: str) -> str:
    """``url`` without its AMP marker ("/story/amp/" → "/story/", "?amp=1" dropped); unchanged otherwise."""
    parts = urlsplit(url)
    path = _AMP_SUFFIX.sub(r"\1", _AMP_SEGMENT.sub(r"\1", parts.path)) or "/"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _AMP_QUERY_KEYS
    ]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), parts.fragment))
