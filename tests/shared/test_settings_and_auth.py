from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from services.campaigns.settings import CampaignsSettings
from services.discovery.settings import DiscoverySettings
from shared.auth import AuthError, mint_token, verify_token
from shared.settings import BaseServiceSettings


def test_a_service_prefixed_variable_beats_the_plain_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://shared/db")
    monkeypatch.setenv("DISCOVERY_DATABASE_URL", "postgresql+asyncpg://discovery/db")
    assert DiscoverySettings().database_url == "postgresql+asyncpg://discovery/db"
    assert CampaignsSettings().database_url == "postgresql+asyncpg://shared/db"
    assert DiscoverySettings().db_schema == "discovery"


def test_a_minted_token_carries_workspace_and_scopes() -> None:
    settings = BaseServiceSettings()
    workspace = uuid.uuid4()
    principal = verify_token(settings, mint_token(settings, workspace, ["campaigns:read"]))
    assert principal.workspace_id == workspace
    assert principal.allows("campaigns:read") and not principal.allows("campaigns:write")
    star = verify_token(settings, mint_token(settings, workspace, ["*"]))
    assert star.allows("anything:write")


def test_expired_and_foreign_tokens_are_refused() -> None:
    settings = BaseServiceSettings()
    expired = mint_token(settings, uuid.uuid4(), ["*"], ttl=timedelta(minutes=-2))  # past the leeway
    with pytest.raises(AuthError, match="expired"):
        verify_token(settings, expired)
    other = BaseServiceSettings(jwt_secret="another-secret-that-is-long-enough-0123456789")
    with pytest.raises(AuthError, match="invalid"):
        verify_token(settings, mint_token(other, uuid.uuid4(), ["*"]))


def test_a_service_refuses_to_start_without_a_signing_secret() -> None:
    from services.campaigns.main import create_app

    with pytest.raises(RuntimeError, match="JWT_SECRET must be set"):
        create_app(CampaignsSettings(jwt_secret=""))
