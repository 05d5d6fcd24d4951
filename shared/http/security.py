"""FastAPI dependencies that turn a bearer token into a `Principal` with the required scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth import AuthError, Principal, TokenVerifier
from shared.http.problems import ProblemError
from shared.http.rate_limit import RateLimits
from shared.jwks import KeySourceUnavailable

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
        verifier: TokenVerifier = request.app.state.token_verifier
        try:
            principal = await verifier.verify(credentials.credentials)
        except AuthError as exc:
            raise _unauthorized(str(exc)) from exc
        except KeySourceUnavailable as exc:
            # The client's token may be fine: ours is the fault, and a retry may pass.
            raise ProblemError(503, "Service unavailable", str(exc), "token-keys-unavailable",
                               headers={"Retry-After": "5"}) from exc
        limits: RateLimits = request.app.state.rate_limits
        limits.check_token(f"{principal.workspace_id}/{principal.subject}")
        if not principal.allows(scope):
            raise ProblemError(403, "Forbidden", f"the token lacks the scope {scope!r}",
                               "forbidden")
        request.state.principal = principal
        return principal

    return _principal
