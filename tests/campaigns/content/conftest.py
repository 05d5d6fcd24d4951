"""Fixtures of the content-approval tests: the campaigns API as one tenant, the food-delivery
launch (S4: DashEats in Austin, US market, its guidelines) and creators under signed contracts."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from content_helpers import Contracted, sign_contract


@pytest.fixture
async def api(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client


@pytest.fixture
async def campaign(api: httpx.AsyncClient) -> dict[str, Any]:
    created = await api.post("/v1/campaigns", json={
        "name": "Austin launch", "brand": "DashEats",
        "budget": {"total_minor": 1_000_000, "currency": "USD"},
        "markets": [{"country": "US", "languages": ["en"]}],
        "guidelines": {"required_hashtags": ["#DashEatsAustin"], "required_mentions": ["@dasheats"],
                       "dos": ["Show the delivery time"], "donts": ["Mention competitors"]},
    })
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.fixture
def contracted(api: httpx.AsyncClient, campaign: dict[str, Any]) -> Contracted:
    """A food blogger under a signed contract with the given deliverables."""

    async def _make(name: str = "Maya Chen", **terms: Any) -> dict[str, Any]:
        return await sign_contract(api, campaign, name, **terms)

    return _make
