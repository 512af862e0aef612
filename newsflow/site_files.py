"""A static site held in memory: what the site server (``newsflow.sample_server``) serves and the synthetic
site generator (``newsflow.generated_site``) produces. Its own module so that neither has to import the other
for it (the generator once imported the server for these types while the server imported the generator)."""

from __future__ import annotations

from dataclasses import dataclass

# Absolute URLs in site files are written with this placeholder; the server replaces it by its base URL.
BASE_PLACEHOLDER = b"{{BASE}}"


@dataclass(frozen=True)
class SiteFile:
    """One servable resource: its Content-Type and its body (which may contain ``{{BASE}}``)."""

    content_type: str
    body: bytes


# URL path -> file. Directory pages are keyed with a trailing slash ("/news/2024/03/x/"), the home as "/".
SiteFiles = dict[str, SiteFile]
