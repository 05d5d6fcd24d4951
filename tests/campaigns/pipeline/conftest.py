"""Fixtures of the pipeline tests: the campaigns API as one tenant, a campaign, hand-made creators."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import httpx
import orjson
import pytest
from pipeline_helpers import AddCreator, Events


@pytest.fixture
async def api(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client


@pytest.fixture
async def campaign(api: httpx.AsyncClient) -> dict[str, Any]:
    created = await api.post("/v1/campaigns", json={"name": "Austin launch", "brand": "DashEats"})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.fixture
def add_creator(api: httpx.AsyncClient, campaign: dict[str, Any]) -> AddCreator:
    """Adds a creator to the campaign by hand; fields override the defaults."""

    async def _add(name: str = "Maya Chen", **fields: Any) -> dict[str, Any]:
        body = {"influencer_id": str(uuid.uuid4()), "display_name": name, "platform": "instagram",
                "handle": name.lower().replace(" ", "."), "followers": 40_000,
                "contact_email": f"{name.split()[0].lower()}@example.com", **fields}
        created = await api.post(f"/v1/campaigns/{campaign['id']}/collaborations", json=body)
        assert created.status_code == 201, created.text
        collaboration: dict[str, Any] = created.json()
        return collaboration

    return _add




@pytest.fixture
def outbox_events(clean_db: str) -> Events:
    """The events campaigns wrote to its outbox, oldest first: (type, data); `kind` filters by the
    end of the CloudEvents type (`collaboration.stage_changed`)."""

    async def _read(kind: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        connection = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
        try:
            rows = await connection.fetch("SELECT headers, payload FROM campaigns.outbox ORDER BY seq")
        finally:
            await connection.close()
        found = []
        for row in rows:
            ce_type = dict(orjson.loads(row["headers"]))["ce_type"]
            short = ".".join(ce_type.split(".")[-3:-1])
            if kind is None or short == kind:
                found.append((short, orjson.loads(row["payload"])))
        return found

    return _read


S4_BUDGET = {"total_minor": 1_000_000, "currency": "USD"}


@pytest.fixture
async def launch(api: httpx.AsyncClient) -> dict[str, Any]:
    created = await api.post("/v1/campaigns", json={
        "name": "Austin launch", "brand": "DashEats", "budget": S4_BUDGET,
        "markets": [{"country": "US", "languages": ["en"]}]})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.fixture
def blogger(api: httpx.AsyncClient, launch: dict[str, Any]) -> AddCreator:
    async def _add(name: str, followers: int = 40_000) -> dict[str, Any]:
        created = await api.post(f"/v1/campaigns/{launch['id']}/collaborations", json={
            "influencer_id": str(uuid.uuid4()), "display_name": name, "platform": "instagram",
            "handle": name.lower().replace(" ", "."), "followers": followers, "country": "US"})
        assert created.status_code == 201, created.text
        body: dict[str, Any] = created.json()
        return body

    return _add
