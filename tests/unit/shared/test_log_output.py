"""Log lines: the bound context (crawl, task, stage, URL) on records logged inside a step and only there, JSON and
text formats, the ``auto`` rule, and Celery's task lines."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from newsflow_shared.log_context import bound_fields, log_context
from newsflow_shared.log_output import LogFormat, make_handler, resolve_format

STEP = {"crawl_id": "crawl-1", "task_id": "task-1", "stage": "ingest", "url": "https://a.example/سوريا"}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def capture() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger of its own writing JSON lines to a string (the root logger, pytest's, is left alone)."""
    stream = io.StringIO()
    logger = logging.getLogger("tests.log_output")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = make_handler("json", stream)
    logger.addHandler(handler)
    yield logger, stream
    logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_record_inside_a_bound_context_has_the_ids_and_one_outside_has_none(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    logger.info("before")
    with log_context(**STEP):
        logger.warning("fetch %s failed", "x")
    logger.info("after")

    before, inside, after = lines(stream)
    assert {key: inside[key] for key in STEP} == STEP
    assert (inside["level"], inside["logger"], inside["message"]) == (
        "WARNING",
        "tests.log_output",
        "fetch x failed",
    )
    assert inside["timestamp"].endswith("+00:00")
    for outside in (before, after):
        assert not set(STEP) & set(outside), outside
        assert {"timestamp", "level", "logger", "message"} <= set(outside)


def test_nested_contexts_add_fields_and_unwind_in_order(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    with log_context(crawl_id="c", stage="store", url=None):
        with log_context(task_id="t"):
            logger.info("inner")
        logger.info("outer")
    inner, outer = lines(stream)
    assert (inner["crawl_id"], inner["task_id"], inner["stage"]) == ("c", "t", "store")
    assert "url" not in inner  # None is left out, not logged as null
    assert "task_id" not in outer and outer["crawl_id"] == "c"
    assert bound_fields() == {}


def test_a_context_does_not_leak_into_another_thread(capture: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = capture
    with log_context(**STEP):
        thread = threading.Thread(target=logger.info, args=("from a thread",))
        thread.start()
        thread.join()
    assert not set(STEP) & set(lines(stream)[0])


def test_an_extra_given_by_the_caller_wins_over_the_bound_one(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    with log_context(**STEP):
        logger.info("redirected", extra={"url": "https://b.example/"})
    assert lines(stream)[0]["url"] == "https://b.example/"


def test_celery_task_lines_get_the_task_id_and_lose_the_argument_reprs(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    data = {"id": "abc-123", "name": "newsflow.ingest.fetch", "args": "({'url': 'https://a.example/'},)"}
    logger.info("Task %(name)s[%(id)s] received", data, extra={"data": data})
    (line,) = lines(stream)
    assert line["message"] == "Task newsflow.ingest.fetch[abc-123] received"
    assert line["task_id"] == "abc-123"
    assert "data" not in line


def test_exceptions_are_one_json_line_with_their_traceback(
    capture: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = capture
    try:
        raise ValueError("bad page")
    except ValueError:
        logger.exception("step failed")
    (line,) = lines(stream)
    assert "ValueError: bad page" in line["exc_info"]


def test_text_lines_show_the_bound_context_in_brackets() -> None:
    stream = io.StringIO()
    handler = make_handler("text", stream)
    record = logging.LogRecord("newsflow_crawl", logging.WARNING, __file__, 1, "retry %d", (2,), None)
    with log_context(crawl_id="c", stage="enrich"):
        handler.handle(record)
    assert stream.getvalue().rstrip().endswith("WARNING newsflow_crawl: retry 2 [crawl_id=c stage=enrich]")


@pytest.mark.parametrize(
    ("setting", "stream", "expected"),
    [
        ("auto", Terminal(), "text"),
        ("auto", io.StringIO(), "json"),  # a file, a pipe, a container's log
        ("json", Terminal(), "json"),
        ("text", io.StringIO(), "text"),
    ],
)
def test_the_format_rule(setting: LogFormat, stream: io.StringIO, expected: str) -> None:
    assert resolve_format(setting, stream) == expected
