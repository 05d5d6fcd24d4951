"""JWT bearer tokens carrying `workspace_id` and scopes; `*` grants every scope."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from shared.settings import BaseServiceSettings

ALL_SCOPES = "*"


class AuthError(Exception):
    """The token is missing, expired, forged or malformed; `detail` says which."""


@dataclass(frozen=True)
class Principal:
    subject: str
    workspace_id: uuid.UUID
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return ALL_SCOPES in self.scopes or scope in self.scopes


MIN_SECRET_LENGTH = 32


def signing_key_problem(settings: BaseServiceSettings) -> str | None:
    """Why tokens cannot be verified with these settings, or None when they can."""
    if settings.jwt_algorithm.startswith("RS"):
        return None if settings.jwt_public_key else "JWT_PUBLIC_KEY is required with RS256"
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
    if settings.jwt_algorithm != "HS256":
        raise AuthError("tokens can only be minted here with HS256; RS256 keys live with the issuer")
    if problem := signing_key_problem(settings):
        raise AuthError(problem)
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "workspace_id": str(workspace_id),
        "scope": " ".join(sorted(set(scopes))),
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def verify_token(settings: BaseServiceSettings, token: str) -> Principal:
    key = settings.jwt_public_key if settings.jwt_algorithm.startswith("RS") else settings.jwt_secret
    try:
        claims = jwt.decode(
            token, key, algorithms=[settings.jwt_algorithm], audience=settings.jwt_audience,
            options={"require": ["exp", "sub", "workspace_id"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    try:
        workspace_id = uuid.UUID(str(claims["workspace_id"]))
    except ValueError as exc:
        raise AuthError("workspace_id claim is not a UUID") from exc
    scopes = frozenset(str(claims.get("scope", "")).split())
    return Principal(subject=str(claims["sub"]), workspace_id=workspace_id, scopes=scopes)
