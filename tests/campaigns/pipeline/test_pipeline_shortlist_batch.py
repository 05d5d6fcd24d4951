"""A consumer batch of shortlist events applied together (one INSERT for the batch): each
influencer becomes one collaboration announced once, whatever the duplicates, another tenant's
event or a removal inside the batch."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from pipeline_helpers import Events

from services.campaigns.events.handlers import HANDLERS, preload
from shared.cli.registry import service
from shared.events.base import Event
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)
from shared.events.envelope import Envelope, wrap


def _added(campaign_id: str, influencer_id: uuid.UUID, name: str) -> InfluencerShortlisted:
    return InfluencerShortlisted(shortlist_id=uuid.uuid4(), campaign_id=uuid.UUID(campaign_id),
                                 influencer_id=influencer_id, snapshot=InfluencerSnapshot(display_name=name),
                                 shortlisted_at=datetime.now(UTC))


async def _apply(make_settings: Callable[..., Any], envelopes: list[Envelope[Event]]) -> None:
    """As the consumer applies a batch: preload, then each event's handler, one transaction."""
    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        async with runtime.sessions() as session, session.begin():
            await preload(session, envelopes)
            for envelope in envelopes:
                await HANDLERS[type(envelope.data)](session, envelope)
    finally:
        await runtime.close()


async def test_a_batch_makes_each_shortlisted_influencer_one_collaboration_announced_once(
    api: httpx.AsyncClient, campaign: dict[str, Any], workspace: uuid.UUID, outbox_events: Events,
    make_settings: Callable[..., Any],
) -> None:
    maya, joe = uuid.uuid4(), uuid.uuid4()
    again = _added(campaign["id"], maya, "Maya Chen")  # from a second shortlist of the campaign
    stranger = wrap(_added(campaign["id"], uuid.uuid4(), "Not ours"), uuid.uuid4())
    await _apply(make_settings, [wrap(_added(campaign["id"], maya, "Maya Chen"), workspace),
                       wrap(_added(campaign["id"], joe, "Joe Park"), workspace),
                       wrap(again, workspace), stranger])
    listed = (await api.get(f"/v1/campaigns/{campaign['id']}/collaborations")).json()["items"]
    assert sorted(c["influencer_snapshot"]["display_name"] for c in listed) == ["Joe Park", "Maya Chen"]
    created = await outbox_events("collaboration.created")
    assert sorted(e["influencer_id"] for _, e in created) == sorted([str(maya), str(joe)])

    # Removed and added back within one batch: applied in order, so the creator stays.
    await _apply(make_settings, [
        wrap(InfluencerRemovedFromShortlist(shortlist_id=uuid.uuid4(), campaign_id=campaign["id"],
                                            influencer_id=joe, removed_at=datetime.now(UTC)), workspace),
        wrap(_added(campaign["id"], joe, "Joe Park"), workspace)])
    listed = (await api.get(f"/v1/campaigns/{campaign['id']}/collaborations")).json()["items"]
    assert len(listed) == 2
    assert len(await outbox_events("collaboration.created")) == 3

