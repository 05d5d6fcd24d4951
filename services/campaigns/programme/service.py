"""Programmes: ambassadors and private betas / early access, and the creators in them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.models.relationship import Programme, ProgrammeFeedback, ProgrammeMember
from services.campaigns.outreach import service as outreach
from services.campaigns.programme.repository import ProgrammeRepository
from services.campaigns.programme.schemas import (
    FeedbackCreate,
    MemberInvite,
    MemberStatus,
    MemberTransition,
    ProgrammeCreate,
)
from shared.http.problems import conflict, illegal_transition, not_found

_MOVES: dict[MemberStatus, tuple[MemberStatus, ...]] = {
    MemberStatus.INVITED: (MemberStatus.ACTIVE, MemberStatus.DECLINED),
    MemberStatus.ACTIVE: (MemberStatus.ACTIVE, MemberStatus.ENDED),  # active → active: a renewal
    MemberStatus.DECLINED: (),
    MemberStatus.ENDED: (),
}


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: ProgrammeCreate) -> Programme:
    repository = ProgrammeRepository(session)
    if await repository.named(workspace_id, data.name) is not None:
        raise conflict(f"a programme named {data.name!r} exists")
    programme = Programme(workspace_id=workspace_id, **data.model_dump(mode="json"))
    session.add(programme)
    await session.flush()
    await session.refresh(programme)
    return programme


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID,
                       programme_id: uuid.UUID) -> Programme:
    programme = await ProgrammeRepository(session).get(workspace_id, programme_id)
    if programme is None:
        raise not_found("programme")
    return programme


async def list(session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None,
               limit: int) -> Sequence[Programme]:
    return await ProgrammeRepository(session).list(workspace_id, after, limit + 1)


async def invite(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                 data: MemberInvite) -> ProgrammeMember:
    """An invitation is a message to the creator: a do-not-contact one is refused (409)."""
    await get_or_raise(session, workspace_id, programme_id)
    await outreach.refuse_unless_contactable(session, workspace_id, data.influencer_id)
    if await ProgrammeRepository(session).member(workspace_id, programme_id,
                                                 data.influencer_id) is not None:
        raise conflict("this creator is already in the programme")
    member = ProgrammeMember(workspace_id=workspace_id, programme_id=programme_id,
                             status=MemberStatus.INVITED.value, invited_at=datetime.now(UTC),
                             **data.model_dump())
    session.add(member)
    await session.flush()
    return member


async def _member_or_raise(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                           influencer_id: uuid.UUID) -> ProgrammeMember:
    member = await ProgrammeRepository(session).member(workspace_id, programme_id, influencer_id)
    if member is None:
        raise not_found("programme member")
    return member


async def move(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
               influencer_id: uuid.UUID, data: MemberTransition) -> ProgrammeMember:
    member = await _member_or_raise(session, workspace_id, programme_id, influencer_id)
    current = MemberStatus(member.status)
    if data.to not in _MOVES[current]:
        raise illegal_transition("programme member", current, data.to,
                                 [s.value for s in _MOVES[current]])
    at = data.at or datetime.now(UTC)
    if data.to is MemberStatus.ACTIVE and current is MemberStatus.INVITED:
        member.joined_at = at
    if data.to in (MemberStatus.ENDED, MemberStatus.DECLINED):
        member.ended_at = at
    if data.renews_on is not None:
        member.renews_on = data.renews_on
    member.status = data.to.value
    await session.flush()
    return member


async def members(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                  after: uuid.UUID | None, limit: int) -> Sequence[ProgrammeMember]:
    await get_or_raise(session, workspace_id, programme_id)
    return await ProgrammeRepository(session).members(workspace_id, programme_id, after, limit + 1)


async def add_feedback(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                       influencer_id: uuid.UUID, data: FeedbackCreate) -> ProgrammeFeedback:
    """Feedback comes from creators who got in (active, or since ended), not from invitees."""
    member = await _member_or_raise(session, workspace_id, programme_id, influencer_id)
    if member.status not in (MemberStatus.ACTIVE, MemberStatus.ENDED):
        raise conflict(f"this creator is {member.status}: feedback comes once they are in")
    feedback = ProgrammeFeedback(workspace_id=workspace_id, programme_id=programme_id,
                                 influencer_id=influencer_id, body=data.body, rating=data.rating,
                                 received_at=data.received_at or datetime.now(UTC))
    session.add(feedback)
    await session.flush()
    return feedback


async def feedback(session: AsyncSession, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                   after: uuid.UUID | None, limit: int) -> Sequence[ProgrammeFeedback]:
    await get_or_raise(session, workspace_id, programme_id)
    return await ProgrammeRepository(session).feedback(workspace_id, programme_id, after, limit + 1)
