"""JWT bearer tokens carrying `workspace_id` and scopes; `*` grants every scope.

Production verifies RS256 tokens of an identity provider against the keys it publishes at
`JWT_JWKS_URL` (or one `JWT_PUBLIC_KEY`); HS256 with a shared `JWT_SECRET` is for development
and tests only and is refused when `ENVIRONMENT=production`. Every token must name the
configured issuer and audience, carry `iat` and `exp`, and live at most `JWT_MAX_LIFETIME_S`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from shared.jwks import JwksCache
from shared.settings import BaseServiceSettings

ALL_SCOPES = "*"
DEVELOPMENT_ALGORITHM = "HS256"
ASYMMETRIC_ALGORITHMS = ("RS256",)
MIN_SECRET_LENGTH = 32
# Clock skew tolerated between the issuer and this service.
LEEWAY_S = 30
# Secrets published in this repository (compose, the dev overlay, `make dev`): never in production.
PUBLISHED_DEV_SECRETS = frozenset({
    "dev-only-insecure-jwt-secret-change-me",
    "dev-only-secret-change-me-in-production-0123456789",
})


class AuthError(Exception):
    """The token is missing, expired, forged or malformed; `detail` says which."""


@dataclass(frozen=True)
class Principal:
    subject: str
    workspace_id: uuid.UUID
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return ALL_SCOPES in self.scopes or scope in self.scopes


def signing_key_problem(settings: BaseServiceSettings) -> str | None:
    """Why tokens cannot be verified with these settings, or None when they can."""
    algorithm = settings.jwt_algorithm
    if algorithm in ASYMMETRIC_ALGORITHMS:
        if not (settings.jwt_jwks_url or settings.jwt_public_key):
            return f"JWT_JWKS_URL (or JWT_PUBLIC_KEY) is required with {algorithm}"
        return None
    if algorithm != DEVELOPMENT_ALGORITHM:
        return f"JWT_ALGORITHM must be RS256 (or HS256 in development), not {algorithm!r}"
    if settings.is_production:
        return ("HS256 is for development only: with ENVIRONMENT=production set JWT_ALGORITHM=RS256 "
                "and JWT_JWKS_URL" + (" (and never the JWT_SECRET published in this repository)"
                                      if settings.jwt_secret in PUBLISHED_DEV_SECRETS else ""))
    if len(settings.jwt_secret) < MIN_SECRET_LENGTH:
        return f"JWT_SECRET must be set to at least {MIN_SECRET_LENGTH} characters"
    return None


def mint_token(
    settings: BaseServiceSettings,
    workspace_id: uuid.UUID,
    scopes: Iterable[str],
    subject: str = "dev",
    ttl: timedelta = timedelta(hours=12),
) -> str:
    """A development token (HS256). RS256 tokens come from the identity provider."""
    if settings.jwt_algorithm != DEVELOPMENT_ALGORITHM:
        raise AuthError("tokens can only be minted here with HS256; RS256 keys live with the issuer")
    if problem := signing_key_problem(settings):
        raise AuthError(problem)
    if ttl.total_seconds() > settings.jwt_max_lifetime_s:
        raise AuthError(f"a token may live at most {settings.jwt_max_lifetime_s:g} s (JWT_MAX_LIFETIME_S)")
    now = datetime.now(UTC)
    claims = {
        "iss": settings.jwt_issuer,
        "sub": subject,
        "workspace_id": str(workspace_id),
        "scope": " ".join(sorted(set(scopes))),
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=DEVELOPMENT_ALGORITHM)


def verify_token(settings: BaseServiceSettings, token: str, key: Any = None) -> Principal:
    """Check signature and claims. `key`: the issuer's key for this token (from its JWKS);
    without it, JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256)."""
    if key is None:
        is_hs = settings.jwt_algorithm == DEVELOPMENT_ALGORITHM
        key = settings.jwt_secret if is_hs else settings.jwt_public_key
    try:
        claims = jwt.decode(
            token, key, algorithms=[settings.jwt_algorithm], audience=settings.jwt_audience,
            issuer=settings.jwt_issuer, leeway=LEEWAY_S,
            options={"require": ["exp", "iat", "iss", "sub", "workspace_id"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    lifetime = _number(claims["exp"]) - _number(claims["iat"])
    if lifetime > settings.jwt_max_lifetime_s:
        raise AuthError(f"token lives {lifetime:g} s, more than the "
                        f"{settings.jwt_max_lifetime_s:g} s allowed")
    try:
        workspace_id = uuid.UUID(str(claims["workspace_id"]))
    except ValueError as exc:
        raise AuthError("workspace_id claim is not a UUID") from exc
    scopes = frozenset(str(claims.get("scope", "")).split())
    return Principal(subject=str(claims["sub"]), workspace_id=workspace_id, scopes=scopes)


def _number(value: Any) -> float:
    return float(value)  # PyJWT already refused non-numeric exp and iat


class TokenVerifier:
    """Verifies the bearer tokens of one service; holds the issuer's cached JWKS when configured."""

    def __init__(self, settings: BaseServiceSettings) -> None:
        self.settings = settings
        self.jwks = (JwksCache(settings.jwt_jwks_url, ttl_s=settings.jwt_jwks_ttl_s)
                     if settings.jwt_jwks_url and settings.jwt_algorithm in ASYMMETRIC_ALGORITHMS else None)

    async def verify(self, token: str) -> Principal:
        if self.jwks is None:
            return verify_token(self.settings, token)
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as exc:
            raise AuthError(f"invalid token: {exc}") from exc
        if not isinstance(kid, str) or not kid:
            raise AuthError("invalid token: no kid header naming the issuer's key")
        key = await self.jwks.key(kid)
        if key is None:
            raise AuthError(f"invalid token: the issuer publishes no key {kid!r}")
        return verify_token(self.settings, token, key)

    async def close(self) -> None:
        if self.jwks is not None:
            await self.jwks.close()
