"""Tokens: issuer, audience and lifetime checked; RS256 keys from a real JWKS server, rotated by kid.

The identity provider is a real HTTP server (uvicorn on loopback) publishing real RSA keys;
nothing about the token path is mocked.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Response

from services.campaigns.settings import CampaignsSettings
from shared.auth import AuthError, TokenVerifier, mint_token, signing_key_problem, verify_token
from shared.cli.registry import service
from shared.settings import BaseServiceSettings
from shared.testing import live_server

ISSUER = "https://id.example.test/"


class IdentityProvider:
    """Signs tokens with RSA keys and serves the public half as a JWKS, as Auth0/Keycloak do."""

    def __init__(self) -> None:
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.published: list[str] = []
        self.requests = 0
        self.app = FastAPI()

        @self.app.get("/.well-known/jwks.json")
        def jwks() -> Response:
            self.requests += 1
            keys = [{**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.keys[kid].public_key())),
                     "kid": kid, "use": "sig", "alg": "RS256"} for kid in self.published]
            return Response(json.dumps({"keys": keys}), media_type="application/json")

    def add_key(self, kid: str, publish: bool = True) -> None:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if publish:
            self.published.append(kid)

    def token(self, kid: str, workspace: uuid.UUID, **claims: Any) -> str:
        now = datetime.now(UTC)
        body = {"iss": ISSUER, "aud": "icp", "sub": "user-1", "workspace_id": str(workspace),
                "scope": "*", "iat": now, "exp": now + timedelta(minutes=10), **claims}
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, self.keys[kid], algorithm="RS256", headers={"kid": kid})


@asynccontextmanager
async def identity_provider() -> AsyncIterator[tuple[IdentityProvider, str]]:
    idp = IdentityProvider()
    idp.add_key("k1")
    async with live_server(idp.app) as url:
        yield idp, f"{url}/.well-known/jwks.json"


def rs256(jwks_url: str, **overrides: Any) -> BaseServiceSettings:
    return BaseServiceSettings(jwt_algorithm="RS256", jwt_jwks_url=jwks_url, jwt_issuer=ISSUER,
                               jwt_secret="", **overrides)


async def test_rs256_tokens_are_verified_against_the_issuers_jwks_fetched_once() -> None:
    workspace = uuid.uuid4()
    async with identity_provider() as (idp, url):
        verifier = TokenVerifier(rs256(url))
        try:
            for _ in range(3):
                principal = await verifier.verify(idp.token("k1", workspace))
                assert principal.workspace_id == workspace and principal.allows("campaigns:write")
        finally:
            await verifier.close()
    assert idp.requests == 1


async def test_a_rotated_key_is_fetched_on_its_first_unknown_kid_and_forged_kids_do_not_hammer() -> None:
    workspace = uuid.uuid4()
    async with identity_provider() as (idp, url):
        verifier = TokenVerifier(rs256(url))
        try:
            await verifier.verify(idp.token("k1", workspace))
            idp.add_key("k2")  # the issuer rotates: k2 published, then used
            verifier.jwks.min_refresh_interval_s = 0  # type: ignore[union-attr]
            assert (await verifier.verify(idp.token("k2", workspace))).workspace_id == workspace
            assert idp.requests == 2
            # A kid nobody publishes: refused; within the interval the set is not re-read again.
            verifier.jwks.min_refresh_interval_s = 60  # type: ignore[union-attr]
            idp.add_key("k3", publish=False)
            for _ in range(5):
                with pytest.raises(AuthError, match="publishes no key 'k3'"):
                    await verifier.verify(idp.token("k3", workspace))
            assert idp.requests == 2
            idp.published.remove("k1")  # the old key retired: gone once the cache expires
            verifier.jwks.ttl_s = 0  # type: ignore[union-attr]
            with pytest.raises(AuthError, match="publishes no key 'k1'"):
                await verifier.verify(idp.token("k1", workspace))
        finally:
            await verifier.close()


async def test_wrong_issuer_audience_or_lifetime_and_an_hs256_token_are_refused() -> None:
    workspace = uuid.uuid4()
    now = datetime.now(UTC)
    async with identity_provider() as (idp, url):
        verifier = TokenVerifier(rs256(url))
        bad = {
            "another issuer": (idp.token("k1", workspace, iss="https://evil.test/"), "issuer"),
            "no issuer": (idp.token("k1", workspace, iss=None), "iss"),
            "another audience": (idp.token("k1", workspace, aud="other"), "audience"),
            "no iat": (idp.token("k1", workspace, iat=None), "iat"),
            "lives a week": (idp.token("k1", workspace, exp=now + timedelta(days=7)), "more than"),
            # Algorithm confusion: HS256 signed with the public key's bytes must not pass.
            "hs256": (jwt.encode({"iss": ISSUER, "aud": "icp", "sub": "x", "iat": now,
                                  "workspace_id": str(workspace), "exp": now + timedelta(minutes=5)},
                                 "x" * 40, algorithm="HS256", headers={"kid": "k1"}),
                      "alg value is not allowed"),
        }
        try:
            for case, (token, reason) in bad.items():
                with pytest.raises(AuthError, match=f"(?i){reason}"):
                    await verifier.verify(token)
                    pytest.fail(case)
        finally:
            await verifier.close()


def test_hs256_tokens_name_the_issuer_and_may_not_outlive_the_maximum() -> None:
    settings = BaseServiceSettings()
    token = mint_token(settings, uuid.uuid4(), ["*"])
    assert jwt.decode(token, options={"verify_signature": False})["iss"] == "icp"
    with pytest.raises(AuthError, match="issuer"):
        verify_token(BaseServiceSettings(jwt_issuer="https://id.example.test/"), token)
    with pytest.raises(AuthError, match="at most"):
        mint_token(settings, uuid.uuid4(), ["*"], ttl=timedelta(days=2))


def test_production_refuses_hs256_and_the_secrets_published_in_this_repository() -> None:
    published = "dev-only-insecure-jwt-secret-change-me"  # docker-compose.yml's default
    assert signing_key_problem(BaseServiceSettings(jwt_secret=published)) is None  # development
    problem = signing_key_problem(BaseServiceSettings(environment="production", jwt_secret=published))
    assert problem and "HS256 is for development only" in problem and "published" in problem
    strong = BaseServiceSettings(environment="production", jwt_secret="s" * 64)
    assert "HS256 is for development only" in (signing_key_problem(strong) or "")
    assert signing_key_problem(BaseServiceSettings(environment="production", jwt_algorithm="RS256",
                                                   jwt_jwks_url="https://id/.well-known/jwks.json")) is None
    assert "JWT_JWKS_URL" in (signing_key_problem(BaseServiceSettings(jwt_algorithm="RS256")) or "")
    from services.campaigns.main import create_app

    with pytest.raises(RuntimeError, match="HS256 is for development only"):
        create_app(CampaignsSettings(environment="production", jwt_secret=published))


async def test_an_api_serves_rs256_callers_and_answers_problems_for_unknown_keys_or_a_dead_issuer(
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    workspace = uuid.uuid4()
    async with identity_provider() as (idp, url):
        idp.add_key("rogue", publish=False)
        settings = make_settings("campaigns", jwt_algorithm="RS256", jwt_jwks_url=url,
                                 jwt_issuer=ISSUER, environment="production")
        app = service("campaigns").create_app(settings)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            ok = await c.get("/v1/campaigns",
                             headers={"Authorization": f"Bearer {idp.token('k1', workspace)}"})
            rogue = await c.get("/v1/campaigns",
                                headers={"Authorization": f"Bearer {idp.token('rogue', workspace)}"})
        await app.state.token_verifier.close()
        await app.state.runtime.close()
    assert ok.status_code == 200, ok.text
    assert rogue.status_code == 401 and rogue.headers["content-type"] == "application/problem+json"
    # The issuer is gone and nothing is cached: the service cannot tell, so 503, not 401.
    dead = service("campaigns").create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=dead), base_url="http://t") as c:
        down = await c.get("/v1/campaigns", headers={"Authorization": f"Bearer {idp.token('k1', workspace)}"})
    await dead.state.token_verifier.close()
    await dead.state.runtime.close()
    assert down.status_code == 503 and down.headers["retry-after"]
    assert down.json()["type"].endswith("token-keys-unavailable")
