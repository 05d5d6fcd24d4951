from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign import service as campaigns
from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.collaboration import moves, stages
from services.campaigns.collaboration.repository import (
    CollaborationRepository,
    NewCollaboration,
    ShortlistedRow,
)
from services.campaigns.collaboration.schemas import (
    CollaborationCreate,
    CollaborationUpdate,
    TransitionCreate,
)
from services.campaigns.collaboration.stages import GUARDED, Stage
from services.campaigns.content.flows import completion_blockers
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration
from services.campaigns.models.collaboration import StageChange
from services.campaigns.payment import schedule
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)
from shared.events.envelope import Envelope
from shared.http.problems import ProblemError, conflict, not_found

log = logging.getLogger(__name__)


_SHORTLIST_BATCH = "campaigns_shortlist_batch"
_Key = tuple[uuid.UUID, uuid.UUID, uuid.UUID]  # workspace, campaign, influencer


async def preload_shortlist(session: AsyncSession, envelopes: Sequence[Envelope[Any]]) -> None:
    """Inserts a consumer batch's shortlisted influencers in one statement; each event's handler
    then only announces its collaboration. A batch that also removes influencers is applied one
    event at a time, in order (a removal between two additions must come between them)."""
    if any(isinstance(e.data, InfluencerRemovedFromShortlist) for e in envelopes):
        return
    rows: dict[_Key, ShortlistedRow] = {}
    for envelope in envelopes:
        event, workspace_id = envelope.data, envelope.workspace_id
        if isinstance(event, InfluencerShortlisted) and workspace_id is not None:
            key = (workspace_id, event.campaign_id, event.influencer_id)
            if key not in rows:  # the first of the batch's events of one influencer inserts
                rows[key] = ShortlistedRow(workspace_id, event.campaign_id, event.influencer_id,
                                           event.snapshot.model_dump_json())
    if not rows:
        return
    repository = CollaborationRepository(session)
    batch: dict[_Key, NewCollaboration | None] = dict.fromkeys(rows)
    for made in await repository.add_shortlisted(list(rows.values())):
        batch[(made.workspace_id, made.campaign_id, made.influencer_id)] = made
    # Rows not inserted were there already, or have no campaign: only the latter are told.
    if missed := [key for key, made in batch.items() if made is None]:
        known = await repository.known_campaigns([(w, c) for w, c, _ in missed])
        for workspace_id, campaign_id, _ in missed:
            if (workspace_id, campaign_id) not in known:
                log.warning("shortlist for a campaign this workspace does not have",
                            extra={"campaign_id": str(campaign_id)})
    session.info[_SHORTLIST_BATCH] = batch


async def create_from_shortlist(
    session: AsyncSession, workspace_id: uuid.UUID, event: InfluencerShortlisted
) -> None:
    """A shortlisted influencer becomes a collaboration in stage `shortlisted`, once."""
    batch: dict[_Key, NewCollaboration | None] | None = session.info.get(_SHORTLIST_BATCH)
    key = (workspace_id, event.campaign_id, event.influencer_id)
    if batch is not None and key in batch:
        made = batch.pop(key)  # inserted by the batch (None: it was there, or no campaign)
        if made is not None:
            publishers.collaboration_created(session, made)
        return
    if await CampaignRepository(session).get(workspace_id, event.campaign_id) is None:
        log.warning("shortlist for a campaign this workspace does not have",
                    extra={"campaign_id": str(event.campaign_id)})
        return
    collaboration = await CollaborationRepository(session).add_if_absent({
        "workspace_id": workspace_id, "campaign_id": event.campaign_id,
        "influencer_id": event.influencer_id, "stage": Stage.SHORTLISTED.value,
        "influencer_snapshot": event.snapshot.model_dump(mode="json")})
    if collaboration is not None:
        publishers.collaboration_created(session, collaboration)


async def drop_from_shortlist(
    session: AsyncSession, workspace_id: uuid.UUID, event: InfluencerRemovedFromShortlist
) -> None:
    """An influencer taken off the shortlist (or erased in discovery) leaves the campaign while
    their collaboration has not started; one under way keeps its outreach and contract records
    (also one whose first email is on its way to the SMTP server).
    Nothing was agreed with a shortlisted influencer: the collaboration goes without an event
    (CollaborationEnded would enter a brand collaboration into their history)."""
    if event.still_on_campaign_shortlist:
        return
    if not await CollaborationRepository(session).remove_in_stage(
            workspace_id, event.campaign_id, event.influencer_id, Stage.SHORTLISTED.value):
        log.info("influencer left the shortlist of a collaboration under way, or of none",
                 extra={"campaign_id": str(event.campaign_id), "influencer_id": str(event.influencer_id)})


async def create(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
    data: CollaborationCreate,
) -> Collaboration:
    """A collaboration created by hand starts, like a shortlisted one, in `shortlisted`."""
    await campaigns.get_or_raise(session, workspace_id, campaign_id)
    snapshot = InfluencerSnapshot(**data.model_dump(
        mode="json", exclude={"influencer_id", "due_at", "note"}))
    collaboration = await CollaborationRepository(session).add_if_absent({
        "workspace_id": workspace_id, "campaign_id": campaign_id,
        "influencer_id": data.influencer_id, "stage": Stage.SHORTLISTED.value,
        "influencer_snapshot": snapshot.model_dump(mode="json"), "source": "manual",
        "due_at": data.due_at, "note": data.note,
    })
    if collaboration is None:
        raise conflict("this influencer already has a collaboration in the campaign")
    publishers.collaboration_created(session, collaboration)
    return collaboration


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID
) -> Collaboration:
    collaboration = await CollaborationRepository(session).get(workspace_id, collaboration_id)
    if collaboration is None:
        raise not_found("collaboration")
    return collaboration


async def update(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
    data: CollaborationUpdate,
) -> Collaboration:
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    for field in data.model_fields_set:
        setattr(collaboration, field, getattr(data, field))
    await session.flush()
    return collaboration


async def transition(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
    data: TransitionCreate, actor: str,
) -> Collaboration:
    """A move asked for by hand. Stages that follow from a step of their own (signing, drafts,
    reviews, posts) are reached by that step; completing needs every deliverable published and
    paid."""
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    current = Stage(collaboration.stage)
    if data.to in GUARDED and stages.is_legal(current, data.to):
        raise ProblemError(409, "Stage reached by its own step",
                           f"{data.to} cannot be set by hand: {GUARDED[data.to]}",
                           "stage-needs-its-step",
                           extensions={"current": current, "requested": data.to})
    if data.to is Stage.COMPLETED and stages.is_legal(current, data.to):
        blockers = await completion_blockers(session, collaboration)
        if blockers:
            raise ProblemError(409, "Collaboration not done", "; ".join(blockers),
                               "collaboration-not-done", extensions={"blockers": blockers})
    await moves.move(session, collaboration, data.to, reason=data.reason, actor=actor)
    if data.to is Stage.COMPLETED:
        await schedule.collaboration_completed(session, collaboration,
                                               collaboration.stage_changed_at)
    elif data.to is Stage.CANCELLED:
        await schedule.collaboration_cancelled(session, collaboration)
    return collaboration


async def list_pipeline(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
    stages: Sequence[Stage], after: tuple[datetime | None, uuid.UUID] | None, limit: int,
) -> Sequence[Collaboration]:
    rows = await CollaborationRepository(session).pipeline(
        workspace_id, campaign_id, [s.value for s in stages], after, limit + 1)
    if not rows:  # only an empty page needs to tell an unknown campaign (404) from an empty one
        await campaigns.get_or_raise(session, workspace_id, campaign_id)
    return rows


async def history(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
    after: uuid.UUID | None, limit: int,
) -> Sequence[StageChange]:
    await get_or_raise(session, workspace_id, collaboration_id)
    return await CollaborationRepository(session).stage_changes(
        workspace_id, collaboration_id, after, limit + 1)
