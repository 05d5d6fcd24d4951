"""FastAPI dependencies that turn a bearer token into a `Principal` with the required scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth import AuthError, Principal, verify_token
from shared.http.problems import ProblemError

_bearer = HTTPBearer(auto_error=False, description="JWT with `workspace_id` and `scope` claims")


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "Unauthorized", detail, "unauthorized",
                        headers={"WWW-Authenticate": "Bearer"})


def require(scope: str) -> Callable[..., Awaitable[Principal]]:
    async def _principal(
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    ) -> Principal:
        if credentials is None:
            raise _unauthorized("a bearer token is required")
        try:
            principal = verify_token(request.app.state.settings, credentials.credentials)
        except AuthError as exc:
            raise _unauthorized(str(exc)) from exc
        if not principal.allows(scope):
            raise ProblemError(403, "Forbidden", f"the token lacks the scope {scope!r}",
                               "forbidden")
        request.state.principal = principal
        return principal

    return _principal
