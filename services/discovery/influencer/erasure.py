"""Erasing an influencer on request (a creator's right to erasure, GDPR art. 17): the profile
and everything this service holds about them. Each shortlist holding them emits
`InfluencerRemovedFromShortlist`, so campaigns drop the collaborations not yet under way."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.events import publishers
from services.discovery.influencer import service as influencers
from services.discovery.influencer.repository import InfluencerRepository
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.shortlist.repository import ShortlistRepository


async def erase(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> None:
    """Accounts, snapshots, search rows, the vector, blocklist and shortlist entries go with the
    profile (foreign keys cascade), the collaboration outcomes alongside."""
    # Under the workspace's write lock: no import batch may resolve an account to the
    # influencer, then write to it once it is gone.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    influencer = await influencers.get_or_raise(session, workspace_id, influencer_id)
    for shortlist in await ShortlistRepository(session).holding(workspace_id, influencer.id):
        publishers.influencer_removed(session, shortlist, influencer.id, still_on_campaign_shortlist=False)
    await InfluencerRepository(session).delete(workspace_id, influencer.id)
