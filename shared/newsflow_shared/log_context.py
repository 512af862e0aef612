"""What a log line is about: the crawl, task, stage and URL of the message being run.

The stage driver binds them around each message (``newsflow_crawl.delivery``: ``run_step`` the crawl, stage and
URL, ``run_celery_step`` the Celery task id) with :func:`log_context`; :class:`LogContextFilter`, installed on the
process's log handler (``newsflow_shared.log_output``), copies them onto every record logged meanwhile — by our
modules, Celery's, urllib3's alike — so no call site has to pass them.

A ``contextvars`` variable rather than a thread-local: the binding follows the code that runs the step (a thread,
or an asyncio task), and nested bindings unwind in order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

# The fields a step binds, in the order a text line shows them.
CONTEXT_FIELDS: Final = ("crawl_id", "task_id", "stage", "url")

_bound: ContextVar[Mapping[str, str] | None] = ContextVar("newsflow_log_context", default=None)


def bound_fields() -> dict[str, str]:
    """The fields bound where this is called (empty outside any :func:`log_context`)."""
    return dict(_bound.get() or {})


@contextmanager
def log_context(
    *,
    crawl_id: str | None = None,
    task_id: str | None = None,
    stage: str | None = None,
    url: str | None = None,
) -> Iterator[None]:
    """Bind the given fields (``None`` ones are left out) to every record logged inside the block.

    Blocks nest: an inner one adds its fields to the outer one's, and the outer ones return when it ends.
    """
    given = {"crawl_id": crawl_id, "task_id": task_id, "stage": stage, "url": url}
    token = _bound.set({**bound_fields(), **{name: value for name, value in given.items() if value}})
    try:
        yield
    finally:
        _bound.reset(token)


class LogContextFilter(logging.Filter):
    """A handler filter copying the bound fields onto each record; it never drops a record.

    On the handler, not a logger: a logger's filters see only the records created on that very logger, a
    handler's see every record that propagates to it. A field the caller passed itself (``extra=``) wins.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in (_bound.get() or {}).items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True
