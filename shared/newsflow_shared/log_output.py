"""How every newsflow process writes its log: one handler on the root logger, JSON lines or text.

``NEWSFLOW_LOG_FORMAT`` chooses: ``json`` — one JSON object per line with ``timestamp`` (UTC, ISO 8601),
``level``, ``logger``, ``message``, the ``crawl_id``/``task_id``/``stage``/``url`` bound by the stage driver
(``newsflow_shared.log_context``) and ``exc_info`` with a traceback; ``text`` — the classic line for people, the
bound fields in brackets at its end; ``auto`` (the default) — text when the stream is a terminal, JSON otherwise
(a container, a file, a pipe: where a collector reads it).

Celery's and uvicorn's loggers propagate to the root logger, so their lines go through the same handler: the
worker and beat are told to leave logging alone (:func:`leave_celery_logging_to_us`), uvicorn is run without its
own logging configuration (``newsflow_api.server``).

Why python-json-logger rather than structlog: every line that matters here comes through the standard ``logging``
module (ours, Celery's, kombu's, uvicorn's, SQLAlchemy's); a formatter on that module's one handler covers them
all, where structlog would add a second logging API and still need its stdlib bridge for the rest.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from newsflow_shared.log_context import CONTEXT_FIELDS, LogContextFilter

LogFormat = Literal["auto", "json", "text"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The record attributes of a JSON line and their names in it; the bound fields and any ``extra`` follow.
JSON_FIELDS = {"levelname": "level", "name": "logger", "message": "message"}


def resolve_format(setting: LogFormat, stream: TextIO) -> Literal["json", "text"]:
    """The format ``setting`` means for ``stream``: ``auto`` is text on a terminal, JSON anywhere else."""
    if setting != "auto":
        return setting
    isatty = getattr(stream, "isatty", None)
    return "text" if isatty is not None and isatty() else "json"


class TextFormatter(logging.Formatter):
    """``TEXT_FORMAT``, with the bound context appended: ``… message [crawl_id=… stage=ingest url=…]``."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        context = " ".join(
            f"{name}={getattr(record, name)}" for name in CONTEXT_FIELDS if getattr(record, name, None)
        )
        return f"{line} [{context}]" if context else line


class JsonLineFormatter(JsonFormatter):
    """One JSON object per record, ``timestamp`` first (python-json-logger would put it last)."""

    def __init__(self) -> None:
        super().__init__(
            list(JSON_FIELDS),
            rename_fields={name: key for name, key in JSON_FIELDS.items() if name != key},
            # uvicorn adds its message again with terminal colour codes: noise in a JSON line.
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
            json_ensure_ascii=False,  # Arabic URLs and titles stay readable
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["timestamp"] = self.formatTime(record)
        super().add_fields(log_data, record, message_dict)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class CeleryTaskLineFilter(logging.Filter):
    """Celery's own task lines ("Task … received", "… succeeded in …", "… retry", "… raised") carry their task
    in ``extra={'data': {'id': …, 'name': …, 'args': …}}``: its id becomes ``task_id`` where none is bound, and
    the rest is dropped — it repeats the message and would copy message payloads (whole articles) into the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        data = getattr(record, "data", None)
        if isinstance(data, dict) and "id" in data and "name" in data:
            delattr(record, "data")
            if data["id"] and not getattr(record, "task_id", None):
                record.task_id = str(data["id"])
        return True


def make_handler(log_format: LogFormat, stream: TextIO) -> logging.Handler:
    """A handler writing to ``stream`` in ``log_format``, with the bound context on every record."""
    handler = logging.StreamHandler(stream)
    if resolve_format(log_format, stream) == "json":
        handler.setFormatter(JsonLineFormatter())
    else:
        handler.setFormatter(TextFormatter(TEXT_FORMAT))
    handler.addFilter(LogContextFilter())
    handler.addFilter(CeleryTaskLineFilter())
    return handler


def configure_logging(level: str, log_format: LogFormat, stream: TextIO) -> None:
    """Give the root logger its one handler, once per process (like ``basicConfig``: a root logger that
    already has a handler, e.g. pytest's, is left as it is)."""
    logging.basicConfig(level=level, handlers=[make_handler(log_format, stream)])
    # Warnings (Celery's SecurityWarning, deprecations) as log records, not raw text on stderr.
    logging.captureWarnings(True)
    # Alembic narrates every migration step at INFO; operators need only its warnings.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))


def leave_celery_logging_to_us() -> None:
    """Keep a Celery worker or beat (and their pool children) from configuring logging.

    Celery configures handlers only when no receiver answers its ``setup_logging`` signal; with one connected
    it adds none to the root logger, none to ``celery.task`` (which would otherwise stop propagating, with a
    formatter of its own) and does not redirect stdout — its records reach our handler like any other.
    """
    from celery.signals import setup_logging

    setup_logging.connect(_logging_already_configured, weak=False)


def _logging_already_configured(**_: Any) -> None:
    """``setup_logging`` receiver: nothing to do, ``configure_logging`` ran at process start."""
