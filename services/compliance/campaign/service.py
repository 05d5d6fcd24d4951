"""The read-model of each campaign's markets and brand guidelines (kept from campaigns' events)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from services.compliance.campaign.repository import CampaignGuidelinesRepository
from services.compliance.disclosure_engine.models import BrandGuidelines
from services.compliance.markets import MARKET_CODES
from services.compliance.models import CampaignGuidelines
from shared.events.catalog.campaigns import CampaignGuidelinesUpdated

log = logging.getLogger(__name__)


async def apply_update(
    session: AsyncSession, workspace_id: uuid.UUID, event: CampaignGuidelinesUpdated
) -> CampaignGuidelines | None:
    """The stored guidelines, or None when the event is older than what is stored."""
    markets = list(dict.fromkeys(m.strip().upper() for m in event.markets))
    unknown = [m for m in markets if m not in MARKET_CODES]
    if unknown:
        # The rest of the campaign is still checkable; a bad code must not block it.
        log.warning("campaign markets that are not country codes were ignored",
                    extra={"campaign_id": str(event.campaign_id), "markets": unknown})
    return await CampaignGuidelinesRepository(session).upsert_if_newer({
        "workspace_id": workspace_id,
        "campaign_id": event.campaign_id,
        "brand": event.brand,
        "markets": [m for m in markets if m in MARKET_CODES],
        "required_hashtags": event.required_hashtags,
        "required_mentions": event.required_mentions,
        "banned_terms": event.banned_terms,
        "updated_at": event.updated_at,
    })


async def get(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> CampaignGuidelines | None:
    return await CampaignGuidelinesRepository(session).get(workspace_id, campaign_id)


async def load(session: AsyncSession, keys: Collection[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """Reads these (workspace, campaign) guidelines ahead of a batch of `get`s."""
    await CampaignGuidelinesRepository(session).load(keys)


def brand_guidelines(campaign: CampaignGuidelines) -> BrandGuidelines:
    return BrandGuidelines(
        required_hashtags=tuple(campaign.required_hashtags),
        required_mentions=tuple(campaign.required_mentions),
        banned_terms=tuple(campaign.banned_terms),
    )
