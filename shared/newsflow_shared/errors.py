"""Error types shared by every stage, and who raises and handles each (after ``scrapy/exceptions.py``)."""

from __future__ import annotations


class NewsflowError(Exception):
    """Base of newsflow's own errors."""


class PermanentError(NewsflowError):
    """The input itself is bad: retrying cannot help.

    Raised by: stage functions (robots-forbidden URL, non-HTML body, unparseable page, page too large, refused
    address). Handled by: the task policy (``newsflow_crawl.delivery.policy``) and the embedded runner, which record
    one ``failures`` row with the reason and go on; never retried.
    """

    reason = "permanent"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class TransientError(NewsflowError):
    """Something outside the input failed and may work later (timeouts, 5xx, connection resets, DB down).

    Raised by: fetchers and the store. Handled by: the delivery policy (``newsflow_crawl.delivery.policy``),
    which retries with exponential backoff and jitter up to ``NEWSFLOW_TASK_MAX_RETRIES`` times, then
    dead-letters the message into ``failures``.
    """

    reason = "transient"

    def __init__(self, message: str, *, reason: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason
        self.retry_after = retry_after


class RobotsForbidden(PermanentError):
    """robots.txt disallows the URL for newsflow. Raised by the ingest fetch step."""

    reason = "robots_forbidden"


class NotHtml(PermanentError):
    """The response is not an HTML/XML document newsflow parses. Raised by the ingest fetch step."""

    reason = "not_html"


class AddressRefused(PermanentError):
    """The URL's scheme, userinfo or resolved address is not allowed (SSRF guard). Raised by the fetcher."""

    reason = "address_refused"


class TooLarge(PermanentError):
    """The body exceeds ``NEWSFLOW_FETCH_MAX_BYTES`` after decompression. Raised by the fetcher."""

    reason = "too_large"


class HttpStatusError(PermanentError):
    """A 4xx answer other than 408/429: the page is gone or refused. Raised by the fetcher."""

    reason = "http_status"


class Unparseable(PermanentError):
    """The page could not be turned into a document at all. Raised by the parser."""

    reason = "unparseable"


class NotConfigured(NewsflowError):
    """A plug-in (translator, detector) is not configured and switches itself off (like Scrapy's).

    Raised by: plug-in registries and constructors (e.g. ``make_translator`` for an unknown backend or a missing
    URL, the entity extractor for a missing model). Handled by: nobody — it is raised when a worker process starts
    (``worker_process_init``) or a command begins, so a misconfiguration stops it loudly instead of failing every
    message.
    """
