"""URL canonicalisation for the frontier's seen-check: one spelling per page, so a page is fetched once.

``urls.normalize_url`` is the conservative, lossless part (RFC 3986 §6.2.2/§6.2.3: case of scheme and host,
default port, fragment, IDNA). :func:`canonical_url` goes further, as crawlers do before a seen-check
(Heritrix's ``StripSessionIDs``/``LowercaseRule``, Common Crawl's news-crawl ``BasicURLNormalizer``): tracking
parameters that never change the page (``utm_*``, ``fbclid``, ``gclid`` …) are dropped and the remaining query
parameters sorted. Parameters that can select content (``id``, ``p``, ``page``) are kept.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from newsflow_ingest.urls import normalize_url

# Exact names (lower case) of parameters that only track the visitor or the campaign.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
        "oly_enc_id", "vero_id", "wickedid", "rb_clickid", "s_cid", "ocid", "cmpid", "ncid", "sr_share",
        "at_medium", "at_campaign", "share", "ref_src", "ref_url", "spm", "smid", "cid_source",
        "phpsessid", "jsessionid", "sid", "sessionid",
    }
)  # fmt: skip
# Prefixes (lower case) of tracking parameter families.
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "itm_", "__hs", "__s")

# ``;jsessionid=…`` path parameters (Java servlet containers) name a session, never a page.
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


# RFC 3986 §2.2/§2.3: reserved and unreserved characters stay as they are; "%" too, so escapes are not doubled.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _encode(path: str) -> str:
    """``path`` with non-ASCII characters percent-encoded (UTF-8) and escapes in upper case (RFC 3986 §6.2.2.1),
    so ``/straße`` and ``/stra%c3%9fe`` are one spelling."""
    return _ESCAPE.sub(lambda m: m[0].upper(), quote(path, safe=_PATH_SAFE))


def is_tracking_parameter(name: str) -> bool:
    """Whether a query parameter name only tracks (``utm_source``, ``fbclid``, ``gclid``, …)."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of ``url`` (resolved against ``base``), or None when it is not an http(s) URL.

    >>> canonical_url("HTTP://Example.COM:80/a?utm_source=x&b=2&a=1#top")
    'http://example.com/a?a=1&b=2'
    """
    normalized = normalize_url(url, base=base)
    if normalized is None:
        return None
    parts = urlsplit(normalized)
    path = _encode(_PATH_SESSION.sub("", parts.path) or "/")
    pairs = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    ]
    # A stable sort on the name only: repeated parameters (``tag=a&tag=b``) keep their relative order, which
    # some servers read as a list.
    pairs.sort(key=lambda pair: pair[0])
    query = urlencode(pairs, doseq=False) if pairs else ""
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
