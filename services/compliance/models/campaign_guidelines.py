from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.compliance.db import Base


class CampaignGuidelines(Base):
    """Read-model of a campaign's markets and brand guidelines, from `CampaignGuidelinesUpdated`."""

    __tablename__ = "campaign_guidelines"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    brand: Mapped[str] = mapped_column(String(200))
    markets: Mapped[list[str]] = mapped_column(ARRAY(String(2)))
    required_hashtags: Mapped[list[str]] = mapped_column(ARRAY(Text))
    required_mentions: Mapped[list[str]] = mapped_column(ARRAY(Text))
    banned_terms: Mapped[list[str]] = mapped_column(ARRAY(Text))
    # The campaign's own time of change (from the event): an older update never overwrites a newer.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
