"""Console sessions: a random id in an HttpOnly, SameSite=Strict cookie, the session itself in Redis (who signed
in, its CSRF token) with an idle expiry (``NEWSFLOW_CONSOLE_SESSION_MINUTES``). The API token is typed into a
password field once, checked like a bearer token, and never stored, echoed or put in a URL."""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request, status

from newsflow_api.resources import Resources

COOKIE = "newsflow_console"
_KEY = "newsflow:console:session:"


@dataclass(frozen=True)
class ConsoleSession:
    id: str
    principal: str
    csrf: str


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to the sign-in form."""


def open_session(resources: Resources, principal: str) -> ConsoleSession:
    session = ConsoleSession(secrets.token_urlsafe(32), principal, secrets.token_urlsafe(32))
    resources.redis.set(
        _KEY + session.id,
        json.dumps({"principal": principal, "csrf": session.csrf}),
        ex=_ttl(resources),
    )
    return session


def _ttl(resources: Resources) -> int:
    return max(1, int(resources.settings.console_session_minutes * 60))


def current_session(request: Request, resources: Resources) -> ConsoleSession:
    """The request's session (its idle expiry restarted), or SignInRequired."""
    session_id = request.cookies.get(COOKIE)
    if not session_id or len(session_id) > 100:
        raise SignInRequired
    key = _KEY + session_id
    raw = resources.redis.get(key)
    if raw is None:
        raise SignInRequired
    resources.redis.expire(key, _ttl(resources))
    data = json.loads(raw)
    return ConsoleSession(session_id, data["principal"], data["csrf"])


def check_csrf(session: ConsoleSession, presented: str | None) -> None:
    """403 unless the form carried the session's CSRF token (SameSite=Strict is the first line, this the second)."""
    if not presented or not hmac.compare_digest(presented, session.csrf):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="missing or wrong CSRF token: reload the page")


def close_session(request: Request, resources: Resources) -> None:
    session_id = request.cookies.get(COOKIE)
    if session_id:
        resources.redis.delete(_KEY + session_id)
