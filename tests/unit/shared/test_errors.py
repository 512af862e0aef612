"""The shared error types (``newsflow_shared.errors``): which are permanent, which transient, and the reason
each one records."""

from __future__ import annotations

import pytest
from newsflow_shared.errors import (
    AddressRefused,
    HttpStatusError,
    NewsflowError,
    NotConfigured,
    NotHtml,
    PermanentError,
    RobotsForbidden,
    TooLarge,
    TransientError,
    Unparseable,
)

PERMANENT = {
    RobotsForbidden: "robots_forbidden",
    NotHtml: "not_html",
    AddressRefused: "address_refused",
    TooLarge: "too_large",
    HttpStatusError: "http_status",
    Unparseable: "unparseable",
}


@pytest.mark.parametrize(("error", "reason"), PERMANENT.items())
def test_permanent_errors_and_their_reasons(error: type[PermanentError], reason: str) -> None:
    exc = error("why")
    assert isinstance(exc, PermanentError)
    assert isinstance(exc, NewsflowError)
    assert not isinstance(exc, TransientError)
    assert exc.reason == reason
    assert str(exc) == "why"


def test_reasons_tell_the_errors_apart() -> None:
    reasons = [*PERMANENT.values(), PermanentError.reason, TransientError.reason]
    assert len(set(reasons)) == len(reasons)
    assert PermanentError("x").reason == "permanent"
    assert TransientError("x").reason == "transient"


def test_a_reason_given_when_raised_wins_for_that_error_only() -> None:
    assert PermanentError("x", reason="redirect_loop").reason == "redirect_loop"
    assert RobotsForbidden("x", reason="robots_unreachable").reason == "robots_unreachable"
    assert RobotsForbidden("x").reason == "robots_forbidden"
    assert PermanentError("x").reason == "permanent"


def test_transient_errors_carry_retry_after() -> None:
    plain = TransientError("timeout")
    assert plain.retry_after is None
    told = TransientError("slow down", reason="http_429", retry_after=12.5)
    assert told.reason == "http_429"
    assert told.retry_after == 12.5
    assert isinstance(told, NewsflowError)
    assert not isinstance(told, PermanentError)


def test_not_configured_is_neither_permanent_nor_transient() -> None:
    exc = NotConfigured("no translator")
    assert isinstance(exc, NewsflowError)
    assert not isinstance(exc, PermanentError | TransientError)
