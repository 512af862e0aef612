"""The one settings object (``newsflow_shared.config``): environment variables, a .env file, defaults and the
checks that refuse a configuration that cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsflow_shared.config import Settings, get_settings
from pydantic import ValidationError


@pytest.fixture(autouse=True)
def _no_newsflow_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets: no NEWSFLOW_* variable of the machine or of the suite's own conftest."""
    for name in Settings.model_fields:
        monkeypatch.delenv(f"NEWSFLOW_{name.upper()}", raising=False)


def test_defaults_without_environment() -> None:
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///newsflow.db"
    assert settings.redis_url == "redis://localhost:6379/0"
    assert settings.api_token is None
    assert settings.api_auth == "enabled"
    assert settings.allow_private_addresses is False
    assert settings.host_delay == 1.0
    assert settings.task_time_limit < settings.visibility_timeout
    assert settings.translator == "none"
    assert settings.capture_url is None


def test_environment_variables_are_the_prefixed_field_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_DATABASE_URL", "postgresql://db/newsflow")
    monkeypatch.setenv("NEWSFLOW_HOST_DELAY", "0.25")
    monkeypatch.setenv("NEWSFLOW_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("NEWSFLOW_WORKER_CONCURRENCY", "8")
    monkeypatch.setenv("NEWSFLOW_API_AUTH", "disabled")
    monkeypatch.setenv("NEWSFLOW_NOT_A_SETTING", "ignored")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql://db/newsflow"
    assert settings.host_delay == 0.25
    assert settings.allow_private_addresses is True
    assert settings.worker_concurrency == 8
    assert settings.api_auth == "disabled"
    assert not hasattr(settings, "not_a_setting")


def test_a_dotenv_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSFLOW_USER_AGENT=from-file\nNEWSFLOW_HOST_DELAY=3\n", encoding="utf-8")
    monkeypatch.setenv("NEWSFLOW_HOST_DELAY", "4")
    settings = Settings(_env_file=env_file)
    assert settings.user_agent == "from-file"
    assert settings.host_delay == 4.0


def test_secrets_are_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_API_TOKEN", "very-secret-token")
    settings = Settings(_env_file=None)
    assert settings.api_token is not None
    assert settings.api_token.get_secret_value() == "very-secret-token"
    assert "very-secret-token" not in repr(settings)
    assert "very-secret-token" not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("host_delay", "-1"),
        ("api_rate_limit", "-1"),
        ("api_max_body_bytes", "0"),
        ("fetch_deadline", "0"),
        ("task_max_deliveries", "0"),
        ("near_duplicate_similarity", "1.5"),
        ("api_auth", "maybe"),
        ("worker_concurrency", "many"),
        ("allow_private_addresses", "perhaps"),
    ],
)
def test_values_out_of_range_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(f"NEWSFLOW_{name.upper()}", value)
    with pytest.raises(ValidationError, match=name):
        Settings(_env_file=None)


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("s3://bucket", True),
        ("s3://bucket/prefix/deeper", True),
        ("s3://", False),
        ("https://bucket/prefix", False),
        ("s3://bucket/with space", False),
        ("s3://bucket/prefix?x=1", False),
    ],
)
def test_capture_url_names_an_s3_bucket(url: str, valid: bool) -> None:
    if valid:
        assert Settings(_env_file=None, capture_url=url).capture_url == url
    else:
        with pytest.raises(ValidationError, match="capture_url"):
            Settings(_env_file=None, capture_url=url)


def test_the_time_limit_must_stay_below_the_visibility_timeout() -> None:
    Settings(_env_file=None, task_time_limit=299, visibility_timeout=300)
    with pytest.raises(ValidationError, match="NEWSFLOW_TASK_TIME_LIMIT must be below"):
        Settings(_env_file=None, task_time_limit=300, visibility_timeout=300)


def test_a_prefetched_message_must_not_wait_past_the_visibility_timeout() -> None:
    # The next message waits for the one running: up to multiplier × time limit before its own run ends.
    Settings(_env_file=None, worker_prefetch_multiplier=2, task_time_limit=299, visibility_timeout=600)
    with pytest.raises(ValidationError, match="NEWSFLOW_WORKER_PREFETCH_MULTIPLIER"):
        Settings(_env_file=None, worker_prefetch_multiplier=2, task_time_limit=300, visibility_timeout=600)
    # One message per process (the default) only needs the time limit below the timeout.
    Settings(_env_file=None, worker_prefetch_multiplier=1, task_time_limit=599, visibility_timeout=600)


def test_reconcile_after_must_exceed_the_visibility_timeout() -> None:
    Settings(_env_file=None, visibility_timeout=600, reconcile_after=601)
    with pytest.raises(ValidationError, match="NEWSFLOW_RECONCILE_AFTER must exceed"):
        Settings(_env_file=None, visibility_timeout=600, reconcile_after=600)


def test_reconcile_idle_seconds() -> None:
    default = Settings(_env_file=None, visibility_timeout=600, task_time_limit=60, retry_backoff_max=30)
    assert default.reconcile_idle_seconds == 600 + 60 + 30
    explicit = Settings(_env_file=None, visibility_timeout=600, reconcile_after=900)
    assert explicit.reconcile_idle_seconds == 900


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_get_settings_reads_once_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFLOW_USER_AGENT", "first")
    get_settings.cache_clear()
    first = get_settings()
    monkeypatch.setenv("NEWSFLOW_USER_AGENT", "second")
    assert get_settings() is first
    assert first.user_agent == "first"
    get_settings.cache_clear()
    assert get_settings().user_agent == "second"
