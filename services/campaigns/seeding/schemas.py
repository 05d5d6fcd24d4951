from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.codes import CurrencyCode
from shared.http.pagination import Page

SeedingStatus = Literal["planned", "shipped", "delivered", "returned", "lost"]


class SeedingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"item": "Chef's tasting box for two", "value_minor": 4500, "currency": "USD",
         "status": "shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"}]})

    item: str = Field(min_length=1, max_length=300)
    value_minor: int = Field(ge=0, le=10**13)
    currency: CurrencyCode
    status: SeedingStatus = "planned"
    carrier: str | None = Field(default=None, min_length=1, max_length=100)
    tracking_number: str | None = Field(default=None, min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=5000)


class SeedingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "delivered"}, {"status": "shipped", "carrier": "DHL", "tracking_number": "JD0146"}]})

    status: SeedingStatus | None = None
    carrier: str | None = Field(default=None, min_length=1, max_length=100)
    tracking_number: str | None = Field(default=None, min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=5000)


class SeedingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000f1",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "campaign_id": "0190f5a2-8000-7000-8000-000000000002", "item": "Chef's tasting box for two",
        "value_minor": 4500, "currency": "USD", "status": "shipped", "carrier": "UPS",
        "tracking_number": "1Z999AA10123456784", "note": None,
        "recorded_at": "2027-04-26T10:00:00Z"}]})

    id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    item: str
    value_minor: int
    currency: str
    status: SeedingStatus = Field(description="A returned product is no cost")
    carrier: str | None
    tracking_number: str | None
    note: str | None
    recorded_at: datetime


SeedingPage = Page[SeedingRead]
