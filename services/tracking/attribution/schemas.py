"""HTTP models of a campaign's attribution rule."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.tracking.domain.attribution import Precedence


class AttributionRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"window_days": 14, "precedence": "click"}]})

    window_days: int = Field(ge=1, le=365, description="A click counts for orders up to this many "
                             "days after it")
    precedence: Precedence = Field(description="Which wins when an order has both a counting "
                                   "click and a counting promo code")


class AttributionRuleRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"campaign_id": "0195a0c4-1f00-7000-8000-000000000001", "model": "last_touch",
         "window_days": 30, "precedence": "promo_code", "default": True, "updated_at": None}]})

    campaign_id: uuid.UUID
    model: str = Field(default="last_touch", description="The order's click id is the visitor's "
                       "newest click (the shop keeps the last one it saw)")
    window_days: int
    precedence: Precedence
    default: bool = Field(description="True: the campaign uses the default rule")
    updated_at: datetime | None
