"""Writers that change a stored profile while another writer holds the workspace keep both changes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from discovery_integration_data import LENA
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from test_discovery_refresh import CHANNEL, _client, _recorded

from services.discovery.collaboration_history import service as history
from services.discovery.db import metadata, spine
from services.discovery.influencer import service as influencers
from services.discovery.influencer.schemas import InfluencerUpdate
from services.discovery.profile_store.repository import ProfileStoreRepository
from shared.events.catalog.campaigns import CollaborationEnded
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually


@pytest.fixture
async def runtime(make_settings: Callable[..., BaseServiceSettings]) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime.create(make_settings("discovery"), metadata, spine)
    yield runtime
    await runtime.close()


async def _waiting_for_the_lock(runtime: ServiceRuntime) -> bool:
    async with runtime.sessions() as session:
        waiting = await session.scalar(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
    return bool(waiting)


async def _while_the_workspace_is_held(
    runtime: ServiceRuntime, workspace: uuid.UUID,
    holder_write: Callable[[AsyncSession], Awaitable[Any]], other_write: Callable[[], Awaitable[Any]],
) -> Any:
    """Runs `other_write` while `holder_write`'s transaction holds the workspace lock, and lets
    `holder_write` write and commit once `other_write` waits for that lock; returns what
    `other_write` returned."""
    async with runtime.sessions() as session, session.begin():
        await ProfileStoreRepository(session).lock_workspace(workspace)
        other = asyncio.create_task(other_write())
        await eventually(lambda: _waiting_for_the_lock(runtime), timeout=10)
        await holder_write(session)
    return await asyncio.wait_for(other, timeout=10)


def _patch_bio(workspace: uuid.UUID, influencer_id: uuid.UUID) -> Callable[[AsyncSession], Awaitable[Any]]:
    async def patch(session: AsyncSession) -> None:
        await influencers.update(session, workspace, influencer_id,
                                 InfluencerUpdate(bio="Now also on TikTok"))

    return patch


def _ended(influencer_id: uuid.UUID) -> CollaborationEnded:
    return CollaborationEnded(
        campaign_id=uuid.uuid4(), collaboration_id=uuid.uuid4(), influencer_id=influencer_id,
        brand="Acme Cosmetics", outcome="completed", ended_at=datetime(2025, 5, 20, tzinfo=UTC))


async def test_a_collaboration_ending_during_a_profile_edit_keeps_the_edit(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id = uuid.UUID((await client.post("/v1/influencers", json=LENA)).json()["id"])

        async def record() -> None:
            async with runtime.sessions() as session, session.begin():
                await history.record_end(session, workspace, _ended(influencer_id))

        await _while_the_workspace_is_held(runtime, workspace, _patch_bio(workspace, influencer_id),
                                           record)
        read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
    assert [c["brand"] for c in read["collaborations"]] == ["Acme Cosmetics"]
    assert read["bio"] == "Now also on TikTok"


async def test_a_refresh_during_a_profile_edit_keeps_the_edit(
    make_settings: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with _client(make_settings, token_for(workspace), _recorded()) as client:
        influencer_id = uuid.UUID((await client.post("/v1/influencers", json=CHANNEL)).json()["id"])
        base = f"/v1/influencers/{influencer_id}/accounts/youtube/googledevelopers"

        async def refresh() -> Any:
            return await client.post(f"{base}/refresh")

        refreshed = await _while_the_workspace_is_held(
            runtime, workspace, _patch_bio(workspace, influencer_id), refresh)
        read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
    assert refreshed.status_code == 200, refreshed.text
    assert read["accounts"][0]["followers"] == 2_390_000
    assert read["bio"] == "Now also on TikTok"


async def test_a_profile_edit_during_a_collaboration_ending_keeps_the_collaboration(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id = uuid.UUID((await client.post("/v1/influencers", json=LENA)).json()["id"])

        async def record(session: AsyncSession) -> None:
            await history.record_end(session, workspace, _ended(influencer_id))

        async def patch() -> Any:
            return await client.patch(f"/v1/influencers/{influencer_id}",
                                      json={"bio": "Now also on TikTok"})

        patched = await _while_the_workspace_is_held(runtime, workspace, record, patch)
        read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
    assert patched.status_code == 200, patched.text
    assert read["bio"] == "Now also on TikTok"
    assert [c["brand"] for c in read["collaborations"]] == ["Acme Cosmetics"]
