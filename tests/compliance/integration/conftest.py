"""Fixtures of the compliance integration tests: the API as one tenant, and campaign guidelines."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from services.compliance.campaign import service as campaigns
from services.compliance.db import metadata, spine
from shared.events.catalog.campaigns import CampaignGuidelinesUpdated
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings

SeedGuidelines = Callable[..., Awaitable[CampaignGuidelinesUpdated]]


@pytest.fixture
async def api(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("compliance", token_for(workspace)) as client:
        yield client


def guidelines_event(campaign_id: uuid.UUID, markets: list[str], **fields: Any) -> CampaignGuidelinesUpdated:
    values: dict[str, Any] = {"brand": "Acme", "updated_at": datetime.now(UTC), **fields}
    return CampaignGuidelinesUpdated(campaign_id=campaign_id, markets=markets, **values)


@pytest.fixture
async def seed_guidelines(
    make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> AsyncIterator[SeedGuidelines]:
    """Stores a campaign's guidelines in the read-model, as the consumer would."""
    runtime = ServiceRuntime.create(make_settings("compliance"), metadata, spine)

    async def _seed(markets: list[str], **fields: Any) -> CampaignGuidelinesUpdated:
        event = guidelines_event(uuid.uuid4(), markets, **fields)
        async with runtime.sessions() as session, session.begin():
            await campaigns.apply_update(session, workspace, event)
        return event

    yield _seed
    await runtime.close()
