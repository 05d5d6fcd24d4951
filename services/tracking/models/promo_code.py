from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base
from shared.ids import uuid7


class PromoCode(Base):
    """A collaboration's discount code. Unique per workspace whatever its case: `code_key` is the
    code upper-cased, what orders are matched on; `code` is kept as the brand wrote it."""

    __tablename__ = "promo_codes"
    __table_args__ = (
        Index(None, "workspace_id", "code_key", unique=True),
        Index(None, "workspace_id", "campaign_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(40))
    code_key: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    max_uses: Mapped[int | None] = mapped_column(Integer)
    # Orders attributed to the code (a refund does not give a use back).
    uses: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
