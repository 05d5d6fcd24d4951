"""Moving a collaboration between stages: the one place a stage changes, its history row and its
events (`CollaborationStageChanged`, and `CollaborationEnded` on a final stage) are written."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.collaboration import stages
from services.campaigns.collaboration.repository import CollaborationRepository
from services.campaigns.collaboration.stages import FINAL, Stage
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration
from services.campaigns.models.collaboration import StageChange
from shared.http.problems import illegal_transition, not_found

log = logging.getLogger(__name__)


async def locked_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID
) -> Collaboration:
    """The collaboration, row-locked until the transaction ends: writes that move it or commit
    money against it run one at a time."""
    collaboration = await CollaborationRepository(session).get(
        workspace_id, collaboration_id, for_update=True)
    if collaboration is None:
        raise not_found("collaboration")
    return collaboration


async def move(
    session: AsyncSession, collaboration: Collaboration, target: Stage, *,
    reason: str | None = None, actor: str | None = None, at: datetime | None = None,
) -> None:
    """One legal move; an illegal one is a 409 listing the moves allowed from where it is."""
    current = Stage(collaboration.stage)
    if not stages.is_legal(current, target):
        raise illegal_transition("collaboration", current, target, stages.allowed(current))
    previous = collaboration.stage
    collaboration.stage = target.value
    collaboration.stage_changed_at = at or datetime.now(UTC)
    CollaborationRepository(session).add_stage_change(StageChange(
        workspace_id=collaboration.workspace_id, collaboration_id=collaboration.id,
        previous_stage=previous, stage=target.value, reason=reason, actor=actor,
        changed_at=collaboration.stage_changed_at))
    publishers.stage_changed(session, collaboration, previous, reason)
    if target in FINAL:
        campaign = await CampaignRepository(session).get(collaboration.workspace_id,
                                                         collaboration.campaign_id)
        assert campaign is not None  # a foreign key holds it
        publishers.collaboration_ended(session, collaboration, campaign.brand)
    await session.flush()


async def advance(
    session: AsyncSession, collaboration: Collaboration, target: Stage, *,
    reason: str | None = None, actor: str | None = None,
) -> None:
    """Takes the collaboration to `target` through the opening stages when a step is taken early
    (an offer before any email: shortlisted → contacted → negotiating); a 409 when no way leads
    there."""
    current = Stage(collaboration.stage)
    path = stages.path_to(current, target)
    if path is None:
        raise illegal_transition("collaboration", current, target, stages.allowed(current))
    for stage in path:
        await move(session, collaboration, stage, reason=reason, actor=actor)


async def follow_content(session: AsyncSession, collaboration: Collaboration,
                         progress: list[stages.DeliverableProgress], reason: str) -> None:
    """Moves a contracted collaboration to the stage its deliverables add up to, when that is a
    legal move; otherwise leaves it (a cancelled one whose creator posted anyway stays cancelled)."""
    target = stages.content_stage(progress)
    current = Stage(collaboration.stage)
    if target is None or target == current:
        return
    if not stages.is_legal(current, target):
        log.info("content does not move the collaboration", extra={
            "collaboration_id": str(collaboration.id), "stage": current, "content": target})
        return
    await move(session, collaboration, target, reason=reason)
