from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.domain.contracts import CompensationModel
from services.campaigns.offer.schemas import Exclusivity, Installment, RateTerms, UsageRights
from shared.http.pagination import Page

_C = "0190f5a2-8000-7000-8000-0000000000c1"
_DELIVERABLE_EXAMPLE: dict[str, Any] = {
    "id": "0190f5a2-8000-7000-8000-0000000000d1", "contract_id": _C, "position": 1,
    "platform": "instagram", "format": "reel", "fee_minor": 0,
    "due_at": "2027-05-10T23:59:59Z", "published_at": None, "post_id": None, "paid_at": None}


class DeliverableRead(BaseModel):
    """One piece of content the contract asks for; drafts are submitted against its id."""

    model_config = ConfigDict(from_attributes=True,
                              json_schema_extra={"examples": [_DELIVERABLE_EXAMPLE]})

    id: uuid.UUID
    contract_id: uuid.UUID
    position: int = Field(description="Its place among the contract's pieces, from 1")
    platform: str
    format: str
    fee_minor: int = Field(description="Its fee, for per_deliverable contracts")
    due_at: datetime | None = Field(description="The end (UTC) of its due date")
    published_at: datetime | None
    post_id: uuid.UUID | None
    paid_at: datetime | None


class ContractRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": _C, "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "campaign_id": "0190f5a2-8000-7000-8000-000000000002",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f",
        "offer_id": "0190f5a2-8000-7000-8000-0000000000a1", "status": "signed",
        "compensation_model": "flat_fee", "relationship": "paid", "currency": "USD",
        "fixed_fee_minor": 120000, "gifted_value_minor": 0, "performance_rates": [],
        "performance_cap_minor": None,
        "usage_rights": {"channels": ["organic_social"], "territories": ["US"], "duration_days": 90},
        "exclusivity": {"category": "food delivery", "window_days": 60, "competitors": []},
        "payment_schedule": [{"trigger": "on_signing", "due_on": None, "amount_minor": None,
                              "percent": "50"}],
        "deliverables": [_DELIVERABLE_EXAMPLE], "budget_override_reason": None,
        "signed_at": "2027-04-25T12:00:00Z", "signed_by": "user-42",
        "created_at": "2027-04-24T09:00:00Z"}]})

    id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    offer_id: uuid.UUID = Field(description="The accepted offer it was drawn from")
    status: Literal["draft", "signed", "superseded"] = Field(
        description="A draft is superseded when a newer offer is made before it is signed")
    compensation_model: CompensationModel
    relationship: str = Field(description="shared.vocabulary.Relationship, from the "
                              "compensation model: the disclosure the creator's posts owe")
    currency: str
    fixed_fee_minor: int = Field(description="Owed whatever the results: the flat fee, hybrid "
                                 "base or the sum of per-deliverable fees")
    gifted_value_minor: int
    performance_rates: list[RateTerms]
    performance_cap_minor: int | None
    usage_rights: UsageRights | None
    exclusivity: Exclusivity | None
    payment_schedule: list[Installment]
    deliverables: list[DeliverableRead]
    budget_override_reason: str | None
    signed_at: datetime | None
    signed_by: str | None
    created_at: datetime


ContractPage = Page[ContractRead]


class SignRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {}, {"override_reason": "CFO approved the extra spend for the launch city"}]})

    override_reason: str | None = Field(default=None, min_length=1, max_length=2000, description=(
        "Signs a contract that commits more than the budget has left; kept with the contract "
        "and sent in ContractSigned"))
