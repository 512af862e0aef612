"""API tokens stored in the database (``api_tokens``): many, named, revocable, and only as SHA-256 digests.

A token is 32 random bytes (``secrets.token_urlsafe``), shown once when created. Requests are matched by the
digest of what they present, so the database never holds a usable secret; the optional ``NEWSFLOW_API_TOKEN``
stays valid next to these, compared in constant time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from newsflow_shared.models import ApiToken
from sqlalchemy import select, update
from sqlalchemy.orm import Session

TOKEN_PREFIX = "nf_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # do not write a row on every request


class TokenError(ValueError):
    """A token name already taken, or no such token. Raised by create/revoke; the CLI prints it."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(name: str, *, session: Session) -> str:
    """Store a new token named ``name`` and return it (the only time it is visible). Does not commit."""
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise TokenError(f"a token named {name!r} exists already")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, token_hash=token_digest(token)))
    session.flush()
    return token


def revoke_token(name: str, *, session: Session) -> None:
    """Revoke the token named ``name`` (kept for audit). Does not commit."""
    row = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if row is None:
        raise TokenError(f"no token named {name!r}")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)


def list_tokens(*, session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)))


def find_active_token(token: str, *, session: Session) -> ApiToken | None:
    """The unrevoked token row whose digest matches ``token``, with ``last_used_at`` refreshed; else None."""
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None
    now = datetime.now(UTC)
    last = row.last_used_at
    if (
        last is None
        or (last.replace(tzinfo=UTC) if last.tzinfo is None else last) < now - LAST_USED_RESOLUTION
    ):
        session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    return row
