"""The delivery policy on its own, without Celery: what ``run_step`` does with success, a transient error, a
permanent error, exhausted retries, and the crawl's last in-flight key."""

from __future__ import annotations

from newsflow_crawl.delivery.policy import Step, TaskContext, Transport, backoff_delay, run_step
from newsflow_crawl.state import MemoryLedger
from newsflow_shared.config import Settings
from newsflow_shared.errors import PermanentError, RobotsForbidden, TransientError
from newsflow_shared.log_context import bound_fields
from newsflow_shared.queues import FINISH_CRAWL_TASK, RECORD_FAILURE_TASK

from tests.support.transports import RecordingTransport

SETTINGS = Settings(task_max_retries=2, retry_backoff=1.0, retry_backoff_max=8.0)
KEY = "fetch:abc"


def step(work: object, crawl_id: str | None = "c1") -> Step:
    def run(transport: Transport) -> None:
        if isinstance(work, BaseException):
            raise work
        if callable(work):
            work(transport)

    ctx = TaskContext("ingest", "newsflow.ingest.fetch", {"url": "https://a.example/x"}, crawl_id,
                      "https://a.example/x", KEY if crawl_id else None)  # fmt: skip
    return Step(ctx, run)


def ledger_with_key() -> MemoryLedger:
    ledger = MemoryLedger()
    ledger.add_pending("c1", KEY)
    return ledger


def test_success_resolves_the_key_and_finishes_the_crawl_when_it_was_the_last() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    assert run_step(step(None), transport=transport, ledger=ledger, settings=SETTINGS, attempts=0) == "ok"
    assert ledger.pending("c1") == set()
    [finish] = transport.of(FINISH_CRAWL_TASK)
    assert finish["crawl_id"] == "c1" and finish["cancelled"] is False


def test_success_with_work_still_in_flight_does_not_finish() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()

    def publishes_more(_: Transport) -> None:
        ledger.add_pending("c1", "enrich:abc")  # the next stage's key, added before this one resolves

    assert (
        run_step(step(publishes_more), transport=transport, ledger=ledger, settings=SETTINGS, attempts=0)
        == "ok"
    )
    assert ledger.pending("c1") == {"enrich:abc"} and transport.of(FINISH_CRAWL_TASK) == []


def test_a_transient_error_is_retried_with_backoff_and_keeps_its_key() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    outcome = run_step(
        step(TransientError("busy")), transport=transport, ledger=ledger, settings=SETTINGS, attempts=1
    )
    assert outcome == "retried"
    assert len(transport.retries) == 1 and 1.0 <= transport.retries[0] <= 2.0  # second retry: 2 s, jittered
    assert ledger.pending("c1") == {KEY} and transport.published == []


def test_retry_after_is_respected_up_to_the_cap() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    exc = TransientError("slow down", retry_after=6.0)
    run_step(step(exc), transport=transport, ledger=ledger, settings=SETTINGS, attempts=0)
    assert transport.retries == [6.0]


def test_exhausted_retries_are_dead_lettered_counted_failed_and_finish_the_crawl() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    outcome = run_step(
        step(TransientError("busy")), transport=transport, ledger=ledger, settings=SETTINGS, attempts=2
    )
    assert outcome == "dead_lettered" and transport.retries == []
    [record] = transport.of(RECORD_FAILURE_TASK)
    assert (record["permanent"], record["attempts"], record["reason"]) == (False, 3, "transient")
    assert record["payload"] == {"url": "https://a.example/x"}
    assert ledger.counts("c1")["failed"] == 1 and ledger.pending("c1") == set()
    assert len(transport.of(FINISH_CRAWL_TASK)) == 1


def test_a_bug_is_retried_then_recorded_as_retries_exhausted() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    run_step(step(ValueError("oops")), transport=transport, ledger=ledger, settings=SETTINGS, attempts=2)
    [record] = transport.of(RECORD_FAILURE_TASK)
    assert (record["reason"], record["error_type"]) == ("retries_exhausted", "ValueError")


def test_a_permanent_error_is_recorded_once_without_retry() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    outcome = run_step(
        step(PermanentError("gone")), transport=transport, ledger=ledger, settings=SETTINGS, attempts=0
    )
    assert outcome == "failed" and transport.retries == []
    [record] = transport.of(RECORD_FAILURE_TASK)
    assert (record["permanent"], record["attempts"]) == (True, 1)


def test_a_page_robots_txt_forbids_is_skipped_not_failed() -> None:
    ledger, transport = ledger_with_key(), RecordingTransport()
    run_step(step(RobotsForbidden("no")), transport=transport, ledger=ledger, settings=SETTINGS, attempts=0)
    counts = ledger.counts("c1")
    assert (counts["skipped"], counts["failed"]) == (1, 0)
    assert transport.of(RECORD_FAILURE_TASK)[0]["reason"] == "robots_forbidden"


def test_a_message_of_no_crawl_is_recorded_without_touching_any_crawl() -> None:
    ledger, transport = MemoryLedger(), RecordingTransport()
    run_step(step(PermanentError("bad"), crawl_id=None), transport=transport, ledger=ledger, settings=SETTINGS,
             attempts=0)  # fmt: skip
    assert len(transport.of(RECORD_FAILURE_TASK)) == 1 and transport.of(FINISH_CRAWL_TASK) == []


def test_backoff_doubles_with_full_jitter_and_is_capped() -> None:
    for retries, ceiling in [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (6, 8.0)]:
        delays = [backoff_delay(retries, SETTINGS) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)


def test_the_step_runs_with_its_crawl_stage_and_url_bound_to_the_log_context() -> None:
    seen: list[dict[str, str]] = []
    ledger, transport = ledger_with_key(), RecordingTransport()
    run_step(step(lambda _: seen.append(bound_fields())), transport=transport, ledger=ledger,
             settings=SETTINGS, attempts=0)  # fmt: skip
    assert seen == [{"crawl_id": "c1", "stage": "ingest", "url": "https://a.example/x"}]
    assert bound_fields() == {}  # unbound again once the step is over
