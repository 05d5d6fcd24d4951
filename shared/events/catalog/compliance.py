"""Events of the compliance service."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from shared.events.base import Event


class FindingSummary(BaseModel):
    code: str
    jurisdiction: str = Field(
        description="The market the finding is for; empty when it is tied to none (brand guidelines)"
    )
    severity: str
    message: str
    suggestion: str | None = Field(default=None, description="How to fix it, when the rule says")


class DisclosureCheckCompleted(Event):
    service = "compliance"
    aggregate = "check"
    action = "completed"
    key_field = "check_id"
    summary = "A draft or post was checked against the disclosure rules of its markets."

    check_id: uuid.UUID
    subject_type: str = Field(description="`draft` (ContentSubmitted) or `post` (PostPublished)")
    subject_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    influencer_id: uuid.UUID | None = None
    markets: list[str]
    verdict: str = Field(description="`compliant`, `needs_review` or `non_compliant`")
    previous_verdict: str | None = Field(
        default=None, description="Set when a re-check changed the verdict (`icp recheck`)"
    )
    rule_set_version: str
    findings: list[FindingSummary]
    checked_at: datetime


class DisclosureViolationDetected(Event):
    service = "compliance"
    aggregate = "check"
    action = "violation_detected"
    key_field = "check_id"
    summary = "A check found the content non-compliant in at least one market."

    check_id: uuid.UUID
    subject_type: str
    subject_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    influencer_id: uuid.UUID | None = None
    markets: list[str]
    rule_set_version: str
    findings: list[FindingSummary]
    checked_at: datetime
