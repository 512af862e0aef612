"""Bearer-token authentication of the task API (RFC 6750)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from newsflow_shared.config import Settings

from newsflow_api.resources import get_settings_of

# auto_error=False: we answer 401 ourselves, with the WWW-Authenticate challenge RFC 6750 §3 asks for.
_bearer = HTTPBearer(auto_error=False, description="The value of NEWSFLOW_API_TOKEN.")


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
    settings: Annotated[Settings, Depends(get_settings_of)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """FastAPI dependency: 401 unless the request carries ``Authorization: Bearer <NEWSFLOW_API_TOKEN>``."""
    expected = configured_token(settings)
    if expected is None:
        return
    if credentials is None:
        # RFC 6750 §3.1: no error code when the request carried no credentials at all.
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing bearer token",
            headers={"WWW-Authenticate": 'Bearer realm="newsflow"'},
        )
    # Constant-time comparison, so response timing does not reveal how much of a guess was right.
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="invalid bearer token",
            headers={"WWW-Authenticate": 'Bearer realm="newsflow", error="invalid_token"'},
        )
