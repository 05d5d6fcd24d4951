from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign import service as campaigns
from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.collaboration.repository import CollaborationRepository
from services.campaigns.collaboration.stages import Stage
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted

log = logging.getLogger(__name__)


async def create_from_shortlist(
    session: AsyncSession, workspace_id: uuid.UUID, event: InfluencerShortlisted
) -> Collaboration | None:
    """A shortlisted influencer becomes a collaboration in stage `shortlisted`, once."""
    if await CampaignRepository(session).get(workspace_id, event.campaign_id) is None:
        log.warning("shortlist for a campaign this workspace does not have",
                    extra={"campaign_id": str(event.campaign_id)})
        return None
    collaboration = await CollaborationRepository(session).add_if_absent(
        {
            "workspace_id": workspace_id,
            "campaign_id": event.campaign_id,
            "influencer_id": event.influencer_id,
            "stage": Stage.SHORTLISTED.value,
            "influencer_snapshot": event.snapshot.model_dump(mode="json"),
        }
    )
    if collaboration is not None:
        publishers.collaboration_created(session, collaboration)
    return collaboration


async def drop_from_shortlist(
    session: AsyncSession, workspace_id: uuid.UUID, event: InfluencerRemovedFromShortlist
) -> None:
    """An influencer taken off the shortlist (or erased in discovery) leaves the campaign while
    their collaboration has not started; one under way keeps its outreach and contract records.
    Nothing was agreed with a shortlisted influencer: the collaboration goes without an event
    (CollaborationEnded would enter a brand collaboration into their history)."""
    if event.still_on_campaign_shortlist:
        return
    if not await CollaborationRepository(session).remove_in_stage(
            workspace_id, event.campaign_id, event.influencer_id, Stage.SHORTLISTED.value):
        log.info("influencer left the shortlist of a collaboration under way, or of none",
                 extra={"campaign_id": str(event.campaign_id), "influencer_id": str(event.influencer_id)})


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
    after: uuid.UUID | None, limit: int,
) -> Sequence[Collaboration]:
    await campaigns.get_or_raise(session, workspace_id, campaign_id)
    return await CollaborationRepository(session).list_for_campaign(
        workspace_id, campaign_id, after, limit + 1
    )
