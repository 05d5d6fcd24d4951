"""A creator's lifetime relationship with the workspace's brands: collaborations across campaigns,
performance, ratings and notes, programmes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.collaboration import service as collaborations
from services.campaigns.domain import relationship as figures
from services.campaigns.models.relationship import CreatorFeedback
from services.campaigns.outreach import service as outreach
from services.campaigns.programme.schemas import MemberStatus, ProgrammeKind, RecurringDeliverable
from services.campaigns.relationship.repository import RelationshipRepository
from services.campaigns.relationship.schemas import (
    CreatorFeedbackRead,
    CurrentPeriod,
    NoteCreate,
    PerformanceRead,
    ProgrammeMembership,
    RatingCreate,
    RatingSummary,
    RelationshipCollaboration,
    RelationshipRead,
    Spend,
)
from shared.events.catalog.tracking import PostMetricsUpdated
from shared.http.problems import not_found

RECENT_FEEDBACK = 20


async def get(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> RelationshipRead:
    repository = RelationshipRepository(session)
    collaborated = await repository.collaborations(workspace_id, influencer_id)
    memberships = await repository.memberships(workspace_id, influencer_id)
    recent = await repository.feedback(workspace_id, influencer_id, None, RECENT_FEEDBACK)
    posts = await repository.posts(workspace_id, influencer_id)
    if not (collaborated or memberships or recent or posts):
        raise not_found("creator")
    average, count = await repository.rating(workspace_id, influencer_id)
    spend = await repository.spend(workspace_id, influencer_id)
    summary = figures.performance((p.platform, p.figures) for p in posts)
    today = datetime.now(UTC).date()
    names = [c.influencer_snapshot.get("display_name") for c, _, _ in collaborated]
    names += [m.display_name for m, _, _ in memberships]
    return RelationshipRead(
        influencer_id=influencer_id, display_name=next((n for n in names if n), None),
        do_not_contact=(await outreach.get_preference(session, workspace_id, influencer_id)).do_not_contact,
        collaborations=[RelationshipCollaboration(
            collaboration_id=c.id, campaign_id=c.campaign_id, campaign_name=name, brand=brand,
            stage=c.stage, relationship=c.relationship, created_at=c.created_at,
            stage_changed_at=c.stage_changed_at) for c, name, brand in collaborated],
        spend=[Spend(currency=currency, committed_minor=committed, paid_minor=paid)
               for currency, (committed, paid) in sorted(spend.items())],
        performance=PerformanceRead(
            posts=summary.posts, totals=summary.totals, engagements=summary.engagements,
            engagement_rate=summary.engagement_rate,
            engagement_rate_denominator=summary.engagement_rate_denominator,
            by_platform=summary.by_platform,
            as_of=max((p.captured_at for p in posts), default=None)),
        rating=RatingSummary(average=round(average, 2) if average is not None else None, count=count),
        recent_feedback=[CreatorFeedbackRead.model_validate(f) for f in recent],
        programmes=[ProgrammeMembership(
            programme_id=programme.id, kind=ProgrammeKind(programme.kind), name=programme.name,
            product=programme.product, period=programme.period, status=MemberStatus(member.status),
            invited_at=member.invited_at, joined_at=member.joined_at, ended_at=member.ended_at,
            renews_on=member.renews_on, feedback_count=feedback_count,
            current_period=_period(programme.kind, programme.period, programme.deliverables,
                                   member.status, today))
            for member, programme, feedback_count in memberships],
    )


def _period(kind: str, period: str | None, deliverables: list[dict[str, object]], status: str,
            today: date) -> CurrentPeriod | None:
    if kind != ProgrammeKind.AMBASSADOR or status != MemberStatus.ACTIVE or period is None:
        return None
    starts, ends = figures.period_bounds(period, today)
    return CurrentPeriod(starts_on=starts, ends_on=ends,
                         deliverables=[RecurringDeliverable.model_validate(d) for d in deliverables])


async def rate(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
               data: RatingCreate, author: str) -> CreatorFeedback:
    await _check_collaboration(session, workspace_id, influencer_id, data.collaboration_id)
    feedback = CreatorFeedback(workspace_id=workspace_id, influencer_id=influencer_id, kind="rating",
                               score=data.score, body=data.comment,
                               collaboration_id=data.collaboration_id, author=author)
    return await _add(session, feedback)


async def note(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
               data: NoteCreate, author: str) -> CreatorFeedback:
    await _check_collaboration(session, workspace_id, influencer_id, data.collaboration_id)
    feedback = CreatorFeedback(workspace_id=workspace_id, influencer_id=influencer_id, kind="note",
                               body=data.body, collaboration_id=data.collaboration_id, author=author)
    return await _add(session, feedback)


async def _add(session: AsyncSession, feedback: CreatorFeedback) -> CreatorFeedback:
    RelationshipRepository(session).add_feedback(feedback)
    await session.flush()
    await session.refresh(feedback)
    return feedback


async def _check_collaboration(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                               collaboration_id: uuid.UUID | None) -> None:
    if collaboration_id is None:
        return
    collaboration = await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    if collaboration.influencer_id != influencer_id:
        raise not_found("collaboration of this creator")


async def feedback(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                   before: uuid.UUID | None, limit: int) -> Sequence[CreatorFeedback]:
    return await RelationshipRepository(session).feedback(workspace_id, influencer_id, before, limit + 1)


async def post_metrics_updated(session: AsyncSession, workspace_id: uuid.UUID,
                               event: PostMetricsUpdated) -> None:
    """Keeps each post's newest figures for the creator's performance summary."""
    await RelationshipRepository(session).keep_newest_metrics({
        "post_id": event.post_id, "workspace_id": workspace_id, "influencer_id": event.influencer_id,
        "campaign_id": event.campaign_id, "collaboration_id": event.collaboration_id,
        "platform": event.platform, "figures": event.figures, "metric_source": event.metric_source,
        "captured_at": event.captured_at})
