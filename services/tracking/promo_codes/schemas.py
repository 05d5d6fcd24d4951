"""HTTP models of `/v1/promo-codes`: a collaboration's discount codes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from services.tracking.domain.promo_codes import CODE_PATTERN, status_at
from services.tracking.models import PromoCode
from shared.http.pagination import Page

_CREATE: dict[str, Any] = {
    "campaign_id": "0195a0c4-1f00-7000-8000-000000000001",
    "collaboration_id": "0195a0c4-1f00-7000-8000-000000000002",
    "influencer_id": "0195a0c4-1f00-7000-8000-000000000003",
    "code": "ANA15",
    "valid_from": "2025-03-01T00:00:00Z",
    "valid_until": "2025-05-31T23:59:59Z",
    "max_uses": 500,
}
_READ: dict[str, Any] = {
    "id": "0195a0c4-2a00-7000-8000-0000000000bb", **_CREATE, "uses": 12, "status": "active",
    "active": True, "deactivated_at": None, "created_at": "2025-02-20T09:00:00Z",
}

PromoStatus = Literal["active", "scheduled", "expired", "exhausted", "deactivated"]


class PromoCodeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CREATE]})

    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None = None
    code: str = Field(pattern=CODE_PATTERN, description="3–40 letters, digits, `-` or `_`; "
                      "unique in the workspace whatever its case (orders match it in any case)")
    valid_from: AwareDatetime | None = Field(default=None, description="Default: now")
    valid_until: AwareDatetime | None = Field(default=None, description="Null: no end")
    max_uses: int | None = Field(default=None, ge=1, le=2_000_000_000, description="Orders it "
                                 "may be attributed; null: no cap")

    @model_validator(mode="after")
    def _window(self) -> PromoCodeCreate:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class PromoCodeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_READ]})

    id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    code: str = Field(description="As created; orders match it in any case")
    valid_from: datetime
    valid_until: datetime | None
    max_uses: int | None
    uses: int = Field(description="Orders attributed to it (a refund gives no use back)")
    status: PromoStatus = Field(description="Now: scheduled (before valid_from), active, expired "
                                "(after valid_until), exhausted (uses = max_uses), deactivated")
    active: bool
    deactivated_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: PromoCode, now: datetime) -> PromoCodeRead:
        return cls.model_validate({**{c: getattr(row, c) for c in _COLUMNS},
                                   "status": status_at(row, now)})


_COLUMNS = [name for name in PromoCodeRead.model_fields if name != "status"]
PromoCodePage = Page[PromoCodeRead]
