"""API tokens kept as SHA-256 digests (``newsflow_api.tokens``), on a migrated SQLite file."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from newsflow_api.tokens import (
    LAST_USED_RESOLUTION,
    TOKEN_PREFIX,
    TokenError,
    create_token,
    find_active_token,
    list_tokens,
    revoke_token,
    token_digest,
)
from newsflow_shared.db import session_scope
from newsflow_shared.models import ApiToken
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker


def test_the_digest_is_sha256_hex() -> None:
    assert token_digest("nf_abc") == hashlib.sha256(b"nf_abc").hexdigest()
    assert len(token_digest("")) == 64
    assert token_digest("\udcff")  # a lone surrogate (undecodable header bytes) still hashes


def test_a_new_token_is_shown_once_and_stored_as_its_digest(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        token = create_token("ci", session=session)
    assert token.startswith(TOKEN_PREFIX)
    assert len(token) > len(TOKEN_PREFIX) + 40
    with session_scope(sessions) as session:
        row = session.scalars(select(ApiToken)).one()
        assert row.name == "ci"
        assert row.token_hash == token_digest(token)
        assert token not in (row.token_hash, row.name)
        assert row.revoked_at is None and row.last_used_at is None


def test_tokens_differ_and_names_are_unique(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        first = create_token("ci", session=session)
        second = create_token("ops", session=session)
    assert first != second
    with session_scope(sessions) as session, pytest.raises(TokenError, match="'ci' exists already"):
        create_token("ci", session=session)
    with session_scope(sessions) as session:
        assert [row.name for row in list_tokens(session=session)] == ["ci", "ops"]


def test_a_presented_token_is_found_by_its_digest(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        token = create_token("ci", session=session)
    with session_scope(sessions) as session:
        row = find_active_token(token, session=session)
        assert row is not None and row.name == "ci"
        assert find_active_token(token + "x", session=session) is None
        assert find_active_token(token_digest(token), session=session) is None  # the digest is no token


def test_last_used_is_written_at_most_once_a_minute(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        token = create_token("ci", session=session)
    with session_scope(sessions) as session:
        find_active_token(token, session=session)
    with session_scope(sessions) as session:
        first = session.scalars(select(ApiToken.last_used_at)).one()
    assert first is not None
    with session_scope(sessions) as session:
        find_active_token(token, session=session)
    with session_scope(sessions) as session:
        assert session.scalars(select(ApiToken.last_used_at)).one() == first
    # Used longer ago than the resolution: written again.
    old = datetime.now(UTC) - LAST_USED_RESOLUTION - timedelta(seconds=5)
    with session_scope(sessions) as session:
        session.execute(update(ApiToken).values(last_used_at=old))
    with session_scope(sessions) as session:
        find_active_token(token, session=session)
    with session_scope(sessions) as session:
        refreshed = session.scalars(select(ApiToken.last_used_at)).one()
    assert refreshed is not None
    assert refreshed.replace(tzinfo=UTC) > old + LAST_USED_RESOLUTION


def test_a_revoked_token_is_kept_but_no_longer_found(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session:
        token = create_token("ci", session=session)
    with session_scope(sessions) as session:
        revoke_token("ci", session=session)
    with session_scope(sessions) as session:
        assert find_active_token(token, session=session) is None
        revoked_at = session.scalars(select(ApiToken.revoked_at)).one()
        assert revoked_at is not None
    with session_scope(sessions) as session:
        revoke_token("ci", session=session)  # again: the first revocation time stays
    with session_scope(sessions) as session:
        assert session.scalars(select(ApiToken.revoked_at)).one() == revoked_at
        assert [row.name for row in list_tokens(session=session)] == ["ci"]


def test_revoking_an_unknown_token_is_an_error(sessions: sessionmaker[Session]) -> None:
    with session_scope(sessions) as session, pytest.raises(TokenError, match="no token named 'nobody'"):
        revoke_token("nobody", session=session)
