"""Bearer-token authentication of the task API (RFC 6750)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from newsflow_shared.config import Settings
from newsflow_shared.db import session_scope

from newsflow_api.rate_limit import enforce_rate_limit
from newsflow_api.resources import Resources, get_resources, get_settings_of
from newsflow_api.tokens import find_active_token, token_digest

# auto_error=False: we answer 401 ourselves, with the WWW-Authenticate challenge RFC 6750 §3 asks for.
_bearer = HTTPBearer(
    auto_error=False, description="NEWSFLOW_API_TOKEN or a token of `newsflow tokens create`."
)


# What any protected endpoint may answer besides its own statuses, so the OpenAPI schema documents it.
PROTECTED_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Body that cannot be read as JSON text (e.g. not UTF-8)"},
    401: {"description": "Missing, invalid or revoked bearer token"},
    413: {"description": "Request body larger than NEWSFLOW_API_MAX_BODY_BYTES"},
    429: {"description": "Rate limit of the token exceeded (see Retry-After)"},
    503: {"description": "Redis or the database is unavailable (see Retry-After)"},
}


class MissingApiToken(RuntimeError):
    """The API was asked to start with authentication enabled but no token. Raised by ``create_app``."""


def configured_token(settings: Settings) -> str | None:
    """The token requests must carry, or None when authentication is disabled.

    Raises MissingApiToken when authentication is enabled and no (non-empty) token is set: an API that
    accepts anyone because a variable was forgotten is worse than one that does not start.
    """
    if settings.api_auth == "disabled":
        return None
    token = settings.api_token.get_secret_value() if settings.api_token is not None else ""
    if not token:
        raise MissingApiToken(
            "NEWSFLOW_API_TOKEN is not set: set it to a long random secret "
            "(or NEWSFLOW_API_AUTH=disabled for local use only)"
        )
    return token


def require_token(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings_of)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """FastAPI dependency: 401 unless the request carries a valid bearer token — ``NEWSFLOW_API_TOKEN`` or an
    unrevoked token of ``newsflow tokens create`` — then 429 if that token is over its rate limit. Returns who
    the caller is (``env`` or ``token:<id>``), the key of its rate limit."""
    expected = configured_token(settings)
    if expected is None:
        return "anonymous"
    if credentials is None:
        # RFC 6750 §3.1: no error code when the request carried no credentials at all.
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing bearer token",
            headers={"WWW-Authenticate": 'Bearer realm="newsflow"'},
        )
    resources = get_resources(request)
    principal = identify(credentials.credentials, expected, resources)
    if not principal:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="invalid bearer token",
            headers={"WWW-Authenticate": 'Bearer realm="newsflow", error="invalid_token"'},
        )
    enforce_rate_limit(resources.redis, principal, settings.api_rate_limit)
    return principal


def identify(presented: str, expected: str, resources: Resources) -> str:
    """Who a presented token is: ``env`` (NEWSFLOW_API_TOKEN), ``token:<id>`` (an unrevoked database token) or
    "" (nobody). Shared by bearer requests and the console's sign-in."""
    # Constant-time comparison (of digests, so lengths do not leak either): response timing does not reveal how
    # much of a guess was right. Database tokens are found by digest, which reveals nothing about the token.
    if hmac.compare_digest(token_digest(presented), token_digest(expected)):
        return "env"
    with session_scope(resources.sessions) as session:
        row = find_active_token(presented, session=session)
        return f"token:{row.id}" if row is not None else ""
