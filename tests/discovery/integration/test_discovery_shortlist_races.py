"""Shortlist and blocklist writes racing an erasure, or each other, end as if they ran in turn."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import pytest
from discovery_integration_data import LENA
from sqlalchemy import Text, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.db import metadata, spine
from services.discovery.influencer import erasure
from services.discovery.shortlist import service as shortlists
from services.discovery.shortlist.schemas import EntryCreate
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually


@pytest.fixture
async def runtime(make_settings: Callable[..., BaseServiceSettings]) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime.create(make_settings("discovery"), metadata, spine)
    yield runtime
    await runtime.close()


async def _blocked_or_done(runtime: ServiceRuntime, other: asyncio.Task[Any]) -> bool:
    async with runtime.sessions() as session:
        waiting = await session.scalar(text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"))
    return other.done() or bool(waiting)


async def _while_written(
    runtime: ServiceRuntime, first: Callable[[AsyncSession], Awaitable[Any]],
    second: Callable[[], Coroutine[Any, Any, Any]],
) -> Any:
    """Starts `second` once `first` has written in its open transaction, commits `first` once
    `second` waits for a lock (or is done); returns what `second` returned."""
    async with runtime.sessions() as session, session.begin():
        await first(session)
        other = asyncio.create_task(second())
        await eventually(lambda: _blocked_or_done(runtime, other), timeout=10)
    return await asyncio.wait_for(other, timeout=10)


async def _removals(runtime: ServiceRuntime) -> list[dict[str, Any]]:
    async with runtime.sessions() as session:
        rows = (await session.scalars(select(spine.outbox.c.payload).where(
            spine.outbox.c.headers.cast(Text).contains("influencer_removed"))
            .order_by(spine.outbox.c.seq))).all()
    return [json.loads(r) for r in rows]


async def _lena_and_shortlist(client: Any) -> tuple[str, str]:
    influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
    shortlist = (await client.post("/v1/shortlists", json={
        "campaign_id": str(uuid.uuid4()), "name": "DACH"})).json()["id"]
    return influencer, shortlist


async def test_shortlisting_an_influencer_being_erased_is_a_404(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer, shortlist = await _lena_and_shortlist(client)

        async def erase(session: AsyncSession) -> None:
            await erasure.erase(session, workspace, uuid.UUID(influencer))

        async def add() -> Any:
            return await client.post(f"/v1/shortlists/{shortlist}/influencers",
                                     json={"influencer_id": influencer})

        added = await _while_written(runtime, erase, add)
        listed = (await client.get(f"/v1/shortlists/{shortlist}/influencers")).json()
    assert added.status_code == 404, added.text
    assert listed["items"] == []


async def test_erasing_an_influencer_being_shortlisted_tells_that_shortlist(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer, shortlist = await _lena_and_shortlist(client)

        async def add(session: AsyncSession) -> None:
            await shortlists.add_influencer(session, workspace, uuid.UUID(shortlist),
                                            EntryCreate(influencer_id=uuid.UUID(influencer)))

        async def erase() -> Any:
            return await client.delete(f"/v1/influencers/{influencer}")

        erased = await _while_written(runtime, add, erase)
    assert erased.status_code == 204, erased.text
    removed = await _removals(runtime)
    assert [(e["shortlist_id"], e["influencer_id"]) for e in removed] == [(shortlist, influencer)]


async def test_blocking_an_influencer_being_erased_is_a_404(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer, _ = await _lena_and_shortlist(client)

        async def erase(session: AsyncSession) -> None:
            await erasure.erase(session, workspace, uuid.UUID(influencer))

        async def block() -> Any:
            return await client.post("/v1/blocklist", json={"influencer_id": influencer})

        blocked = await _while_written(runtime, erase, block)
        listed = (await client.get("/v1/blocklist")).json()
    assert blocked.status_code == 404, blocked.text
    assert listed["items"] == []


async def test_removals_from_two_shortlists_of_a_campaign_at_once_leave_it_knowing_neither_holds_them(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    runtime: ServiceRuntime,
) -> None:
    campaign = str(uuid.uuid4())
    async with client_for("discovery", token_for(workspace)) as client:
        influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        first, second = [(await client.post("/v1/shortlists", json={
            "campaign_id": campaign, "name": name})).json()["id"] for name in ("DACH", "DE")]
        for shortlist in (first, second):
            await client.post(f"/v1/shortlists/{shortlist}/influencers",
                              json={"influencer_id": influencer})

        async def remove_first(session: AsyncSession) -> None:
            await shortlists.remove_influencer(session, workspace, uuid.UUID(first),
                                               uuid.UUID(influencer))

        async def remove_second() -> Any:
            return await client.delete(f"/v1/shortlists/{second}/influencers/{influencer}")

        removed = await _while_written(runtime, remove_first, remove_second)
    assert removed.status_code == 204, removed.text
    events = await _removals(runtime)
    assert [(e["shortlist_id"], e["still_on_campaign_shortlist"]) for e in events] == [
        (first, True), (second, False)]
