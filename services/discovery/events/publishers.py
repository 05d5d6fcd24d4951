"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.db import spine
from services.discovery.models import Influencer, Shortlist, ShortlistEntry
from shared.bus.outbox import Outbox
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)

_outbox = Outbox(spine.outbox)


def snapshot(influencer: Influencer) -> InfluencerSnapshot:
    """The campaign-relevant figures of the influencer's largest account."""
    main = max(influencer.accounts, key=lambda a: a.followers, default=None)
    return InfluencerSnapshot(
        display_name=influencer.display_name,
        platform=main.platform if main else None,
        handle=main.handle if main else None,
        followers=main.followers if main else None,
    )


async def influencer_shortlisted(
    session: AsyncSession, shortlist: Shortlist, influencer: Influencer, entry: ShortlistEntry
) -> None:
    await _outbox.add(session, InfluencerShortlisted(
        shortlist_id=shortlist.id, campaign_id=shortlist.campaign_id,
        influencer_id=influencer.id, note=entry.note, snapshot=snapshot(influencer),
        shortlisted_at=entry.added_at,
    ), shortlist.workspace_id)


async def influencer_removed(
    session: AsyncSession, shortlist: Shortlist, influencer_id: uuid.UUID
) -> None:
    await _outbox.add(session, InfluencerRemovedFromShortlist(
        shortlist_id=shortlist.id, campaign_id=shortlist.campaign_id,
        influencer_id=influencer_id, removed_at=datetime.now(UTC),
    ), shortlist.workspace_id)
