"""Events of the tracking service."""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.events.base import Event


class PostPublished(Event):
    service = "tracking"
    aggregate = "post"
    action = "published"
    key_field = "post_id"
    summary = "A campaign post went live on a platform."

    post_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None = None
    influencer_id: uuid.UUID
    platform: str
    format: str
    url: str | None = None
    text: str
    paid_partnership_label: bool = False
    relationship: str = "paid"
    image_retouched: bool = False
    image_ai_generated: bool = False
    published_at: datetime
