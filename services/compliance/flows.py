"""Event-driven workflows across the campaign read-model and checks.

Drafts and posts are checked against their campaign's markets and brand guidelines as compliance
knows them. Campaign events and content events travel on different topics, so content can arrive
before its campaign's guidelines: it is then checked against no markets (verdict needs_review,
finding `markets_unknown`), and checked again as soon as the guidelines arrive.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.compliance.campaign import service as campaigns
from services.compliance.check import service as checks
from services.compliance.check.repository import CheckRepository
from services.compliance.disclosure_engine.models import CheckRequest, ImageEdits
from services.compliance.events import publishers
from services.compliance.models import CampaignGuidelines, Check
from services.compliance.rules.catalog import RuleCatalog
from shared.events.catalog.campaigns import CampaignGuidelinesUpdated


@dataclass(frozen=True)
class Content:
    """A draft's or post's text and what the checker needs to know about it."""

    text: str
    platform: str
    format: str
    paid_partnership_label: bool
    relationship: str
    image_retouched: bool
    image_ai_generated: bool


async def check_content(
    session: AsyncSession, catalog: RuleCatalog, workspace_id: uuid.UUID,
    subject: checks.Subject, content: Content,
) -> Check:
    campaign = (await campaigns.get(session, workspace_id, subject.campaign_id)
                if subject.campaign_id else None)
    check = checks.record(session, catalog, workspace_id, subject, _request(content, campaign))
    publishers.check_completed(session, check, previous_verdict=None)
    return check


async def guidelines_updated(
    session: AsyncSession, catalog: RuleCatalog, workspace_id: uuid.UUID,
    event: CampaignGuidelinesUpdated,
) -> None:
    campaign = await campaigns.apply_update(session, workspace_id, event)
    if campaign is None or not campaign.markets:
        return
    for check in await CheckRepository(session).awaiting_markets(workspace_id, event.campaign_id):
        previous = check.verdict
        request = CheckRequest.model_validate(check.request).model_copy(update={
            "markets": tuple(campaign.markets), "guidelines": campaigns.brand_guidelines(campaign),
        })
        checks.reevaluate(check, catalog, request)
        publishers.check_completed(session, check, previous_verdict=previous)
    await session.flush()


def _request(content: Content, campaign: CampaignGuidelines | None) -> CheckRequest:
    edited = content.image_retouched or content.image_ai_generated
    return CheckRequest(
        text=content.text, platform=content.platform, format=content.format,
        markets=tuple(campaign.markets) if campaign else (),
        paid_partnership_label=content.paid_partnership_label, relationship=content.relationship,
        image_edited=ImageEdits(retouched=content.image_retouched,
                                ai_generated=content.image_ai_generated) if edited else None,
        guidelines=campaigns.brand_guidelines(campaign) if campaign else None,
    )
