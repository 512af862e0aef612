"""What URL discovery yields. The finders live beside it: ``links`` (HTML pages), ``feeds`` (RSS/Atom/JSON
Feed) and ``sitemaps`` (sitemaps.org XML, sitemap indexes, Google News sitemaps, text sitemaps)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DiscoveredUrl:
    """A URL found in a feed or sitemap, with what the source said about it.

    ``hints`` travel to the parser in ``FetchTask.hints``; keys used: ``title``, ``published_at`` and
    ``modified_at`` (ISO 8601), ``lastmod`` (sitemap, as given), ``source`` (``feed`` or ``sitemap``).
    """

    url: str
    hints: dict[str, str] = field(default_factory=dict)
