"""Events of the campaigns service."""

from __future__ import annotations

import uuid
from datetime import datetime

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
