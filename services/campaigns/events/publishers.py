"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import spine
from services.campaigns.domain.fx import rates_updated_events
from services.campaigns.models import (
    Campaign,
    CampaignBudget,
    CampaignGoal,
    Collaboration,
    Contract,
    Deliverable,
    Payment,
    SeededProduct,
)
from services.campaigns.models.content import Draft, DraftCheck, Review
from shared.bus.outbox import Outbox
from shared.events.catalog.campaigns import (
    BudgetThresholdReached,
    CampaignCreated,
    CampaignGuidelinesUpdated,
    CampaignStateChanged,
    CollaborationCreated,
    CollaborationEnded,
    CollaborationStageChanged,
    ContentApproved,
    ContentComplianceAlert,
    ContentSubmitted,
    ContractSigned,
    ContractTerms,
    DeliverableTerms,
    GoalAchieved,
    GoalAtRisk,
    GoalTarget,
    InfluencerFigures,
    PaymentRecorded,
    PerformanceRate,
    ProductSeeded,
)
from shared.events.catalog.compliance import FindingSummary
from shared.fx import QuotedRate

_outbox = Outbox(spine.outbox)


def campaign_created(session: AsyncSession, campaign: Campaign) -> None:
    _outbox.add(session, CampaignCreated(
        campaign_id=campaign.id, name=campaign.name, brand=campaign.brand,
        created_at=campaign.created_at,
    ), campaign.workspace_id)


class JudgedGoal(Protocol):
    """What GoalAchieved / GoalAtRisk tell of a goal: a model, or a KPI batch's copy of its row."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def workspace_id(self) -> uuid.UUID: ...
    @property
    def campaign_id(self) -> uuid.UUID: ...
    @property
    def metric(self) -> str: ...
    @property
    def target_value(self) -> float: ...
    @property
    def current_value(self) -> float | None: ...
    @property
    def projected_value(self) -> float | None: ...
    @property
    def deadline(self) -> datetime: ...


class CreatedCollaboration(Protocol):
    """What CollaborationCreated tells of a collaboration: a model, or a row just inserted."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def workspace_id(self) -> uuid.UUID: ...
    @property
    def campaign_id(self) -> uuid.UUID: ...
    @property
    def influencer_id(self) -> uuid.UUID: ...
    @property
    def stage(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def collaboration_created(session: AsyncSession, collaboration: CreatedCollaboration) -> None:
    _outbox.add(session, CollaborationCreated(
        collaboration_id=collaboration.id, campaign_id=collaboration.campaign_id,
        influencer_id=collaboration.influencer_id, stage=collaboration.stage,
        created_at=collaboration.created_at,
    ), collaboration.workspace_id)


def stage_changed(session: AsyncSession, collaboration: Collaboration, previous: str,
                  reason: str | None) -> None:
    _outbox.add(session, CollaborationStageChanged(
        collaboration_id=collaboration.id, campaign_id=collaboration.campaign_id,
        influencer_id=collaboration.influencer_id, previous_stage=previous,
        stage=collaboration.stage, reason=reason, changed_at=collaboration.stage_changed_at,
    ), collaboration.workspace_id)


_OUTCOMES: dict[str, Literal["completed", "declined", "cancelled"]] = {
    "completed": "completed", "declined": "declined", "cancelled": "cancelled"}


def collaboration_ended(session: AsyncSession, collaboration: Collaboration, brand: str) -> None:
    _outbox.add(session, CollaborationEnded(
        campaign_id=collaboration.campaign_id, collaboration_id=collaboration.id,
        influencer_id=collaboration.influencer_id, brand=brand,
        outcome=_OUTCOMES[collaboration.stage],
        ended_at=collaboration.stage_changed_at,
    ), collaboration.workspace_id)


def guidelines_updated(session: AsyncSession, campaign: Campaign) -> None:
    """The whole current state, each time (compliance replaces what it had by updated_at)."""
    guidelines = campaign.guidelines
    _outbox.add(session, CampaignGuidelinesUpdated(
        campaign_id=campaign.id, brand=campaign.brand,
        markets=[market["country"] for market in campaign.markets],
        required_hashtags=guidelines.get("required_hashtags", []),
        required_mentions=guidelines.get("required_mentions", []),
        banned_terms=guidelines.get("banned_terms", []), updated_at=campaign.updated_at,
    ), campaign.workspace_id)


def state_changed(
    session: AsyncSession, campaign: Campaign, previous_state: str | None, currency: str | None,
    goals: Sequence[CampaignGoal], reason: str | None = None,
) -> None:
    goals = sorted(goals, key=lambda goal: goal.position)
    _outbox.add(session, CampaignStateChanged(
        campaign_id=campaign.id, name=campaign.name, brand=campaign.brand,
        state=campaign.state,
        previous_state=previous_state, reason=reason, currency=currency,
        starts_at=campaign.starts_at, ends_at=campaign.ends_at,
        markets=[market["country"] for market in campaign.markets],
        goal_metrics=list(dict.fromkeys(goal.metric for goal in goals)),
        goals=[GoalTarget(metric=goal.metric, target_value=goal.target_value, baseline=goal.baseline,
                          deadline=goal.deadline) for goal in goals],
        updated_at=campaign.updated_at,
    ), campaign.workspace_id)


def goal_achieved(session: AsyncSession, goal: JudgedGoal, at: datetime) -> None:
    assert goal.current_value is not None
    _outbox.add(session, GoalAchieved(
        campaign_id=goal.campaign_id, goal_id=goal.id, metric=goal.metric,
        target_value=goal.target_value, current_value=goal.current_value, deadline=goal.deadline,
        achieved_at=at,
    ), goal.workspace_id)


def goal_at_risk(session: AsyncSession, goal: JudgedGoal, at: datetime) -> None:
    assert goal.current_value is not None
    _outbox.add(session, GoalAtRisk(
        campaign_id=goal.campaign_id, goal_id=goal.id, metric=goal.metric,
        target_value=goal.target_value, current_value=goal.current_value,
        projected_value=goal.projected_value, deadline=goal.deadline, detected_at=at,
    ), goal.workspace_id)


def budget_threshold_reached(
    session: AsyncSession, budget: CampaignBudget, threshold: int, committed_minor: int, at: datetime
) -> None:
    _outbox.add(session, BudgetThresholdReached(
        campaign_id=budget.campaign_id, threshold_percent=threshold, committed_minor=committed_minor,
        total_minor=budget.total_minor, currency=budget.currency, reached_at=at,
    ), budget.workspace_id)


def fx_rates_updated(
    session: AsyncSession, quotes: Sequence[QuotedRate], source: str, workspace_id: uuid.UUID | None
) -> None:
    """Reference rates travel without a workspace, a workspace's own rates with it."""
    _outbox.add_all(session, rates_updated_events(quotes, source, datetime.now(UTC)), workspace_id)



def contract_signed(session: AsyncSession, contract: Contract, deliverables: Sequence[Deliverable],
                    collaboration: Collaboration) -> None:
    """Every cost term tracking needs; each deliverable piece travels with its own id (count 1),
    the id tracking's posts name."""
    assert contract.signed_at is not None
    snapshot = collaboration.influencer_snapshot
    _outbox.add(session, ContractSigned(
        contract_id=contract.id, collaboration_id=contract.collaboration_id,
        campaign_id=contract.campaign_id, influencer_id=contract.influencer_id,
        relationship=contract.relationship,
        terms=ContractTerms(
            compensation_model=contract.compensation_model,
            currency=contract.currency, fixed_fee_minor=contract.fixed_fee_minor,
            performance_rates=[PerformanceRate.model_validate(r) for r in contract.performance_rates],
            performance_cap_minor=contract.performance_cap_minor,
            gifted_value_minor=contract.gifted_value_minor,
            deliverables=[DeliverableTerms(
                deliverable_id=d.id, platform=d.platform, format=d.format, count=1,
                due_dates=[d.due_at.date()] if d.due_at else [], fee_minor=d.fee_minor,
            ) for d in deliverables]),
        influencer=InfluencerFigures(platform=snapshot.get("platform"), handle=snapshot.get("handle"),
                                     followers=snapshot.get("followers")),
        budget_override_reason=contract.budget_override_reason, signed_at=contract.signed_at,
    ), contract.workspace_id)


def payment_recorded(session: AsyncSession, payment: Payment) -> None:
    _outbox.add(session, PaymentRecorded(
        payment_id=payment.id, contract_id=payment.contract_id,
        collaboration_id=payment.collaboration_id, campaign_id=payment.campaign_id,
        amount_minor=payment.amount_minor, currency=payment.currency,
        status=payment.status,
        method=payment.method, paid_at=payment.paid_at, recorded_at=payment.recorded_at,
        due_on=payment.due_on, trigger=payment.trigger,
    ), payment.workspace_id)


def product_seeded(session: AsyncSession, product: SeededProduct) -> None:
    _outbox.add(session, ProductSeeded(
        seeding_id=product.id, collaboration_id=product.collaboration_id,
        campaign_id=product.campaign_id, influencer_id=product.influencer_id, item=product.item,
        value_minor=product.value_minor, currency=product.currency,
        status=product.status,
        carrier=product.carrier, tracking_number=product.tracking_number,
        recorded_at=product.recorded_at,
    ), product.workspace_id)


def content_submitted(session: AsyncSession, draft: Draft) -> None:
    """The draft as compliance checks it (markets and brand rules it has from the campaign's
    CampaignGuidelinesUpdated; the relationship from the contract)."""
    _outbox.add(session, ContentSubmitted(
        submission_id=draft.id, collaboration_id=draft.collaboration_id,
        campaign_id=draft.campaign_id, influencer_id=draft.influencer_id,
        deliverable_id=draft.deliverable_id, draft_version=draft.version,
        platform=draft.platform, format=draft.format, text=draft.text,
        media_urls=draft.media_urls, paid_partnership_label=draft.paid_partnership_label,
        relationship=draft.relationship, image_retouched=draft.image_retouched,
        image_ai_generated=draft.image_ai_generated, submitted_at=draft.submitted_at,
    ), draft.workspace_id)


def content_compliance_alert(session: AsyncSession, draft: Draft, check: DraftCheck,
                             revoked: bool, at: datetime) -> None:
    _outbox.add(session, ContentComplianceAlert(
        submission_id=draft.id, collaboration_id=draft.collaboration_id,
        campaign_id=draft.campaign_id, influencer_id=draft.influencer_id,
        deliverable_id=draft.deliverable_id, draft_version=draft.version, check_id=check.check_id,
        findings=[FindingSummary.model_validate(f) for f in check.findings],
        checked_at=check.checked_at, approval_revoked=revoked, raised_at=at,
    ), draft.workspace_id)


def content_approved(session: AsyncSession, draft: Draft, review: Review) -> None:
    _outbox.add(session, ContentApproved(
        submission_id=draft.id, collaboration_id=draft.collaboration_id,
        campaign_id=draft.campaign_id, influencer_id=draft.influencer_id,
        deliverable_id=draft.deliverable_id, draft_version=draft.version,
        auto_approved=review.auto, override_reason=review.override_reason,
        approved_at=review.decided_at,
    ), draft.workspace_id)
