"""An influencer's brand-collaboration history, fed by campaigns' `CollaborationEnded`."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.collaboration_history.repository import CollaborationOutcomeRepository
from services.discovery.domain.profile import BrandCollaboration
from services.discovery.influencer import service as influencers
from services.discovery.influencer.repository import InfluencerRepository
from services.discovery.models import CollaborationOutcome
from services.discovery.profile_store.repository import ProfileStoreRepository
from shared.events.catalog.campaigns import CollaborationEnded


async def record_end(session: AsyncSession, workspace_id: uuid.UUID, event: CollaborationEnded) -> None:
    """Records every outcome; a completed one also becomes a brand the influencer worked with
    (searchable by `brands`). Influencers unknown to this workspace are recorded, not an error:
    the profile may have been deleted since it was shortlisted."""
    outcome = CollaborationOutcome(
        collaboration_id=event.collaboration_id, workspace_id=workspace_id,
        influencer_id=event.influencer_id, campaign_id=event.campaign_id, brand=event.brand,
        outcome=event.outcome, ended_at=event.ended_at)
    if not await CollaborationOutcomeRepository(session).add(outcome) or event.outcome != "completed":
        return
    # Locked before the read, not only at the write: a profile read while another writer (an
    # import, a PATCH) holds the lock is stale, and writing it back would undo that write.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    influencer = await InfluencerRepository(session).get(workspace_id, event.influencer_id)
    if influencer is None:
        return
    profile = influencers.stored_profile(influencer)
    worked = BrandCollaboration(brand=event.brand, ended_on=event.ended_at.date(),
                                campaign_ref=str(event.campaign_id))
    profile = profile.model_copy(update={"collaborations": [*profile.collaborations, worked]})
    await influencers.store_profile(session, workspace_id, influencer.id, profile)
