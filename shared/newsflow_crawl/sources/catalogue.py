"""The ``sources`` rows: what an operator writes (:class:`SourceSpec`) and the only code that writes it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from croniter import croniter
from newsflow_shared.models import Source, SourceDay
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

SourceMode = Literal["feed", "sitemap", "site"]

# Fields an update may change (health figures are the polls' to write).
EDITABLE = (
    "name", "homepage", "feeds", "sitemaps", "languages", "tags", "mode", "max_pages", "max_depth",
    "interval_minutes", "cron", "active",
)  # fmt: skip


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL with a host")
    return value


class SourceSpec(BaseModel):
    """A source as an operator writes it (API body, CSV row, OPML outline, CLI arguments)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    homepage: str | None = None
    feeds: list[str] = Field(default_factory=list, max_length=100)
    sitemaps: list[str] = Field(default_factory=list, max_length=100)
    languages: list[str] = Field(default_factory=list, max_length=20)
    tags: list[str] = Field(default_factory=list, max_length=50)
    mode: SourceMode = "feed"
    max_pages: int = Field(100, ge=1, le=100_000)
    max_depth: int = Field(1, ge=0, le=20)
    interval_minutes: float | None = Field(None, ge=1, le=60 * 24 * 31)
    cron: str | None = Field(None, max_length=100)
    active: bool = True

    @field_validator("homepage")
    @classmethod
    def _homepage(cls, value: str | None) -> str | None:
        return _http_url(value) if value else None

    @field_validator("name", "languages", "tags")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        for text in value if isinstance(value, list) else [value]:
            if any(ord(char) < 32 for char in text):
                raise ValueError("control characters are not allowed")
        return value

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        return [_http_url(v) for v in values]

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value and not croniter.is_valid(value):
            raise ValueError(f"{value!r} is not a cron expression (five fields, e.g. '*/15 * * * *')")
        return value or None

    @model_validator(mode="after")
    def _something_to_poll(self) -> SourceSpec:
        if not (self.homepage or self.feeds or self.sitemaps):
            raise ValueError("a source needs a homepage, a feed or a sitemap")
        if self.interval_minutes is not None and self.cron is not None:
            raise ValueError("give interval_minutes or cron, not both")
        if self.interval_minutes is None and self.cron is None:
            self.interval_minutes = 60.0
        return self


class SourcePatch(BaseModel):
    """The fields an update changes (PATCH): any subset of :class:`SourceSpec`'s."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    homepage: str | None = None
    feeds: list[str] | None = None
    sitemaps: list[str] | None = None
    languages: list[str] | None = None
    tags: list[str] | None = None
    mode: SourceMode | None = None
    max_pages: int | None = Field(None, ge=1, le=100_000)
    max_depth: int | None = Field(None, ge=0, le=20)
    interval_minutes: float | None = Field(None, ge=1, le=60 * 24 * 31)
    cron: str | None = Field(None, max_length=100)
    active: bool | None = None


class DuplicateSource(ValueError):
    """Another source already has this name."""


def spec_of(row: Source) -> SourceSpec:
    return SourceSpec.model_validate({name: getattr(row, name) for name in EDITABLE})


def create_source(spec: SourceSpec, *, session: Session) -> Source:
    """Add a source (due at once). Raises DuplicateSource for a name in use. Does not commit."""
    if find_by_name(spec.name, session=session) is not None:
        raise DuplicateSource(f"a source named {spec.name!r} exists")
    row = Source(**spec.model_dump(), consecutive_failures=0, next_poll_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def update_source(row: Source, patch: SourcePatch, *, session: Session) -> Source:
    """Apply the fields the patch sets, validated as a whole spec. Raises ValueError (pydantic's) when invalid,
    DuplicateSource for a name in use. Does not commit."""
    changes = patch.model_dump(exclude_unset=True)
    if "interval_minutes" in changes and changes["interval_minutes"] is not None:
        changes.setdefault("cron", None)
    elif changes.get("cron"):
        changes.setdefault("interval_minutes", None)
    merged = SourceSpec.model_validate({**spec_of(row).model_dump(), **changes})
    if merged.name != row.name and find_by_name(merged.name, session=session) is not None:
        raise DuplicateSource(f"a source named {merged.name!r} exists")
    for name, value in merged.model_dump().items():
        setattr(row, name, value)
    row.updated_at = datetime.now(UTC)
    if changes.get("active") and row.next_poll_at is None:
        row.next_poll_at = datetime.now(UTC)
    return row


def set_active(row: Source, active: bool) -> None:
    """Pause (no polls; status ``paused``) or resume (due at once) a source."""
    row.active = active
    row.updated_at = datetime.now(UTC)
    if active:
        row.next_poll_at = datetime.now(UTC)


def upsert_source(spec: SourceSpec, *, session: Session) -> tuple[Source, bool]:
    """Create the source, or update the one of that name (imports are repeatable). Returns (row, created)."""
    row = find_by_name(spec.name, session=session)
    if row is None:
        return create_source(spec, session=session), True
    return update_source(row, SourcePatch.model_validate(spec.model_dump()), session=session), False


def delete_source(row: Source, *, session: Session) -> None:
    """Remove a source and its day counts; its crawls and articles keep their (now dangling) source id."""
    session.execute(delete(SourceDay).where(SourceDay.source_id == row.id))
    session.delete(row)


def find_by_name(name: str, *, session: Session) -> Source | None:
    return session.scalars(select(Source).where(Source.name == name)).first()


def find_source(key: str | int, *, session: Session) -> Source | None:
    """A source by id (an int or all-digit string) or by name."""
    if isinstance(key, int) or key.isdigit():
        number = int(key)
        return session.get(Source, number) if 0 < number < 2**31 else None
    return find_by_name(key, session=session)


def list_sources(*, session: Session, tag: str | None = None) -> list[Source]:
    """All sources by name, optionally those carrying ``tag`` (filtered here: tags are a JSON list)."""
    rows = list(session.scalars(select(Source).order_by(Source.name)))
    return [row for row in rows if tag is None or tag in (row.tags or [])]


def as_dict(row: Source) -> dict[str, Any]:
    return {"id": row.id, **{name: getattr(row, name) for name in EDITABLE}}
