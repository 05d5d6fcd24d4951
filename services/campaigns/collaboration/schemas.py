from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.http.pagination import Page


class CollaborationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    stage: str
    influencer_snapshot: dict[str, Any]
    created_at: datetime


CollaborationPage = Page[CollaborationRead]
