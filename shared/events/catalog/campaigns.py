"""Events of the campaigns service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from shared.events.base import Event


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
    platform: str
    format: str
    text: str
    paid_partnership_label: bool = False
    relationship: str = "paid"
    image_retouched: bool = False
    image_ai_generated: bool = False
    submitted_at: datetime


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
