"""Events of the campaigns service.

Campaign-wide events (`campaigns.campaign`) are keyed by campaign; everything that happens to one
creator's collaboration, its contract, payments, seeded products and drafts
(`campaigns.collaboration`) by collaboration, so each consumer sees them in the order they happened.
Money is integer minor units with its ISO 4217 currency.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from shared.events.base import Event
from shared.events.catalog.compliance import FindingSummary


class CampaignCreated(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "created"
    key_field = "campaign_id"
    summary = "A campaign was created."

    campaign_id: uuid.UUID
    name: str
    brand: str
    created_at: datetime


class CampaignGuidelinesUpdated(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "guidelines_updated"
    key_field = "campaign_id"
    summary = ("A campaign's markets and brand guidelines were set or changed "
               "(compliance checks every draft and post against them).")

    campaign_id: uuid.UUID
    brand: str
    markets: list[str]
    required_hashtags: list[str] = Field(default_factory=list)
    required_mentions: list[str] = Field(default_factory=list)
    banned_terms: list[str] = Field(default_factory=list)
    updated_at: datetime


class GoalTarget(BaseModel):
    metric: str = Field(description="shared.vocabulary.GoalMetric")
    target_value: float = Field(description="Absolute target (a relative one resolved against its "
                                "baseline); revenue in minor units of the campaign currency")
    baseline: float | None = None
    deadline: datetime


class CampaignStateChanged(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "state_changed"
    key_field = "campaign_id"
    summary = (
        "A campaign was created (previous_state null) or moved through its lifecycle: draft → "
        "planned → active ⇄ paused → completed / cancelled. It carries what tracking needs to "
        "measure the campaign (currency, window, markets, goal metrics); when one of those changes "
        "while the state stays, it is emitted again with state equal to previous_state. Keep the "
        "newest by updated_at."
    )

    campaign_id: uuid.UUID
    name: str
    brand: str
    state: Literal["draft", "planned", "active", "paused", "completed", "cancelled"]
    previous_state: str | None = None
    reason: str | None = None
    currency: str | None = Field(default=None, description="The budget's ISO 4217 currency: "
                                 "every cost and revenue of the campaign is reported in it")
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    markets: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2")
    goal_metrics: list[str] = Field(default_factory=list, description="The goals' metrics "
                                    "(shared.vocabulary.GoalMetric), the first goal's first")
    goals: list[GoalTarget] = Field(default_factory=list, description="Each goal's target and "
                                    "deadline, in the goals' order (reports draw progress against them)")
    updated_at: datetime


class GoalAchieved(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "goal_achieved"
    key_field = "campaign_id"
    summary = "A campaign goal reached its target (emitted once per change of status)."

    campaign_id: uuid.UUID
    goal_id: uuid.UUID
    metric: str
    target_value: float
    current_value: float
    deadline: datetime
    achieved_at: datetime


class GoalAtRisk(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "goal_at_risk"
    key_field = "campaign_id"
    summary = ("A campaign goal is projected to miss its target by its deadline (emitted once per "
               "change of status).")

    campaign_id: uuid.UUID
    goal_id: uuid.UUID
    metric: str
    target_value: float
    current_value: float
    projected_value: float | None = Field(description="Projected value at the deadline; null "
                                          "when the series is too short to project")
    deadline: datetime
    detected_at: datetime


class BudgetThresholdReached(Event):
    service = "campaigns"
    aggregate = "campaign"
    action = "budget_threshold_reached"
    key_field = "campaign_id"
    summary = "Committed spend reached 80 % or 100 % of the campaign budget (once each)."

    campaign_id: uuid.UUID
    threshold_percent: int = Field(description="80 or 100")
    committed_minor: int
    total_minor: int
    currency: str
    reached_at: datetime


class FxRate(BaseModel):
    currency: str = Field(description="ISO 4217")
    rate: Decimal = Field(description="Units of `currency` for one unit of the base currency")
    rate_date: date


class FxRatesUpdated(Event):
    service = "campaigns"
    aggregate = "fx_rates"
    action = "updated"
    key_field = "base_currency"
    summary = (
        "Exchange rates were loaded. Without ce_workspaceid they are the reference rates every "
        "workspace uses; with it, a workspace's own rates, which win over the reference ones."
    )

    base_currency: str = "EUR"
    rates_source: str = Field(description="Where the rates come from, e.g. `ECB reference rates`")
    rates: list[FxRate]
    updated_at: datetime


class CollaborationCreated(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "created"
    key_field = "collaboration_id"
    summary = "An influencer entered a campaign as a collaboration (first stage: shortlisted)."

    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    stage: str
    created_at: datetime


class CollaborationStageChanged(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "stage_changed"
    key_field = "collaboration_id"
    summary = "A collaboration moved from one pipeline stage to another (DESIGN §7)."

    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    previous_stage: str
    stage: str
    reason: str | None = None
    changed_at: datetime


class ContentSubmitted(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "content_submitted"
    key_field = "collaboration_id"
    summary = "An influencer submitted a draft for approval."

    submission_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    deliverable_id: uuid.UUID | None = None
    draft_version: int | None = Field(default=None, description="The draft's version for its "
                                      "deliverable (1, 2, …)")
    platform: str
    format: str
    text: str
    media_urls: list[str] = Field(default_factory=list)
    paid_partnership_label: bool = False
    relationship: str = Field(default="paid", description="shared.vocabulary.Relationship, from "
                              "the contract's compensation model")
    image_retouched: bool = False
    image_ai_generated: bool = False
    submitted_at: datetime


class ContentApproved(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "content_approved"
    key_field = "collaboration_id"
    summary = "The brand approved a draft (or it was approved after the configured silence)."

    submission_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    deliverable_id: uuid.UUID | None = None
    draft_version: int | None = None
    auto_approved: bool = False
    override_reason: str | None = Field(default=None, description="Why a draft whose check said "
                                        "needs_review was approved anyway")
    approved_at: datetime


class ContentComplianceAlert(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "content_compliance_alert"
    key_field = "collaboration_id"
    summary = ("A later disclosure check found an approved draft non-compliant: its approval is "
               "revoked while the deliverable is unpublished; a published one stays approved, "
               "flagged.")

    submission_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    deliverable_id: uuid.UUID
    draft_version: int
    check_id: uuid.UUID = Field(description="The disclosure check that judged it non-compliant")
    findings: list[FindingSummary]
    checked_at: datetime
    approval_revoked: bool = Field(description="True when the deliverable was not published: the "
                                   "creator submits a new version; false when the post is live")
    raised_at: datetime


class PerformanceRate(BaseModel):
    """One performance part of a contract: a price per unit of `basis`, or a share of revenue."""

    basis: Literal["impressions", "engagements", "clicks", "conversions", "revenue"]
    amount_minor: int | None = Field(default=None, description="Per unit; per 1000 for "
                                     "impressions (CPM). Null for revenue")
    percent: Decimal | None = Field(default=None, description="Share of attributed revenue "
                                    "(commission, revenue share); only for basis revenue")


class DeliverableTerms(BaseModel):
    deliverable_id: uuid.UUID
    platform: str
    format: str = Field(description="shared.vocabulary.ContentFormat")
    count: int
    due_dates: list[date] = Field(default_factory=list)
    fee_minor: int = Field(default=0, description="Per piece, for per-deliverable pricing")


class ContractTerms(BaseModel):
    """Every cost term tracking needs, in the contract's currency."""

    compensation_model: Literal["flat_fee", "per_deliverable", "cpm", "cpe", "cpc", "cpa",
                                "commission", "gifting", "hybrid", "revenue_share"]
    currency: str
    fixed_fee_minor: int = Field(default=0, description="Flat fee, hybrid base, or the sum of "
                                 "per-deliverable fees: owed whatever the results")
    performance_rates: list[PerformanceRate] = Field(default_factory=list)
    performance_cap_minor: int | None = Field(default=None, description="Most the performance "
                                              "parts together can earn; null = no cap")
    gifted_value_minor: int = Field(default=0, description="Value of the products given")
    deliverables: list[DeliverableTerms] = Field(default_factory=list)


class InfluencerFigures(BaseModel):
    """The creator's account as campaigns knew it at signing (from discovery's snapshot)."""

    platform: str | None = None
    handle: str | None = None
    followers: int | None = None


class ContractSigned(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "contract_signed"
    key_field = "collaboration_id"
    summary = ("A contract was signed: the collaboration is contracted and its fixed costs and "
               "gifted value are committed against the budget.")

    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    relationship: str = Field(description="shared.vocabulary.Relationship the disclosure follows")
    terms: ContractTerms
    influencer: InfluencerFigures = Field(default_factory=InfluencerFigures)
    budget_override_reason: str | None = Field(default=None, description="Why a contract beyond "
                                               "the remaining budget was signed anyway")
    signed_at: datetime


class PaymentRecorded(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "payment_recorded"
    key_field = "collaboration_id"
    summary = ("A payment to a creator was recorded, changed status, or fell due (an installment "
               "waiting for a publication or the completion).")

    payment_id: uuid.UUID
    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    amount_minor: int
    currency: str
    status: Literal["scheduled", "pending", "paid", "failed", "cancelled"]
    method: str | None = None
    paid_at: datetime | None = None
    recorded_at: datetime
    due_on: date | None = Field(default=None, description="When it is due; null while undated "
                                "(an installment waiting for its trigger)")
    trigger: Literal["on_signing", "on_publish", "on_completion", "on_date"] | None = Field(
        default=None, description="The payment schedule's trigger of the installment it is; null "
        "for a payment recorded by hand")


class ProductSeeded(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "product_seeded"
    key_field = "collaboration_id"
    summary = "A product was sent to a creator (or its shipment changed); its value is a cost."

    seeding_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    item: str
    value_minor: int
    currency: str
    status: Literal["planned", "shipped", "delivered", "returned", "lost"]
    carrier: str | None = None
    tracking_number: str | None = None
    recorded_at: datetime


class CollaborationEnded(Event):
    service = "campaigns"
    aggregate = "collaboration"
    action = "ended"
    key_field = "collaboration_id"
    summary = (
        "A collaboration reached an end stage: completed, declined or cancelled. Discovery keeps "
        "it as the influencer's brand-collaboration history."
    )

    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID
    brand: str
    outcome: Literal["completed", "declined", "cancelled"]
    ended_at: datetime
