from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from shared.codes import CountryCode, CurrencyCode
from shared.fx import tidy
from shared.http.pagination import Page
from shared.money import MAX_MINOR, MinorUnits
from shared.vocabulary import FollowerTier, Platform

Dimension = Literal["platform", "market", "tier"]
MAX_ALLOCATIONS = 100
# A rate as stored (a fixed-scale numeric), shown without padding zeros.
StoredRate = Annotated[Decimal, AfterValidator(tidy)]
_COUNTRY: TypeAdapter[str] = TypeAdapter(CountryCode)
_KEYS: dict[str, type[Platform] | type[FollowerTier]] = {"platform": Platform, "tier": FollowerTier}


class AllocationLine(BaseModel):
    """Money set aside for one platform, one market or one creator tier. Each dimension is its
    own split of the budget: its lines together, plus the contingency, fit in the total."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "dimension": "platform", "key": "instagram", "amount_minor": 600000}]})

    dimension: Dimension
    key: str = Field(min_length=1, max_length=20, description="A platform (instagram …), a market "
                     "(ISO 3166-1 alpha-2, one of the campaign's) or a tier (nano, micro, mid, "
                     "macro, mega)")
    amount_minor: MinorUnits

    @model_validator(mode="after")
    def _key_of_its_dimension(self) -> AllocationLine:
        if self.dimension == "market":
            self.key = _COUNTRY.validate_python(self.key)
            return self
        kind = _KEYS[self.dimension]
        try:
            self.key = kind(self.key.strip().lower()).value
        except ValueError as exc:
            raise ValueError(f"{self.key!r} is not a {self.dimension}; one of "
                             f"{', '.join(v.value for v in kind)}") from exc
        return self


class BudgetPlan(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "total_minor": 1000000, "currency": "USD", "contingency_percent": "10",
        "allocations": [{"dimension": "platform", "key": "instagram", "amount_minor": 600000},
                        {"dimension": "platform", "key": "tiktok", "amount_minor": 300000}]}]})

    total_minor: int = Field(gt=0, le=MAX_MINOR, description="In minor units of `currency`")
    currency: CurrencyCode = Field(description="ISO 4217; every figure of the campaign is in it")
    contingency_percent: StoredRate = Field(default=Decimal(0), ge=0, le=50, decimal_places=2,
                                         allow_inf_nan=False, description="Share of the total "
                                         "held back for overruns (0–50)")
    allocations: list[AllocationLine] = Field(default_factory=list, max_length=MAX_ALLOCATIONS)


class LineRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "key": "instagram", "allocated_minor": 600000, "committed_minor": 440000, "paid_minor": 200000,
        "remaining_minor": 160000}]})

    key: str
    allocated_minor: int
    committed_minor: int
    paid_minor: int
    remaining_minor: int = Field(description="allocated − committed (negative: over its allocation)")


class DimensionRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "dimension": "tier", "allocated_minor": 900000, "unallocated_committed_minor": 0,
        "lines": [{"key": "micro", "allocated_minor": 900000, "committed_minor": 640000,
                   "paid_minor": 0, "remaining_minor": 260000}]}]})

    dimension: Dimension
    allocated_minor: int
    lines: list[LineRead]
    unallocated_committed_minor: int = Field(description="Committed on no line of this dimension")


class ThresholdRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "percent": 80, "reached_at": "2027-03-04T10:00:00Z"}]})

    percent: int
    reached_at: datetime


class RateUsed(BaseModel):
    model_config = ConfigDict(frozen=True, json_schema_extra={"examples": [{
        "from_currency": "EUR", "rate": "1.1172", "rate_date": "2026-10-30"}]})

    from_currency: str
    rate: StoredRate = Field(description="Units of the campaign currency for one unit of from_currency")
    rate_date: date


class BudgetSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "currency": "USD", "total_minor": 1000000, "contingency_percent": "10.00",
        "contingency_minor": 100000, "committed_minor": 640000, "paid_minor": 200000,
        "remaining_minor": 360000, "committed_percent": 64.0,
        "committed_by_kind": {"contract": 600000, "seeding": 40000, "performance_fee": 0},
        "dimensions": [{"dimension": "platform", "allocated_minor": 900000,
                        "unallocated_committed_minor": 0, "lines": [
                            {"key": "instagram", "allocated_minor": 600000, "committed_minor": 440000,
                             "paid_minor": 200000, "remaining_minor": 160000}]}],
        "thresholds_reached": [], "rates_used": []}]})

    currency: str
    total_minor: int
    contingency_percent: StoredRate
    contingency_minor: int = Field(description="total × contingency_percent / 100, rounded down")
    committed_minor: int = Field(description="Signed contracts, gifted product value and accrued "
                                 "performance fees, each converted on its own date")
    paid_minor: int = Field(description="Payments with status paid, converted on their date")
    remaining_minor: int = Field(description="total − committed (negative: over budget)")
    committed_percent: float
    committed_by_kind: dict[str, int]
    dimensions: list[DimensionRead]
    thresholds_reached: list[ThresholdRead]
    rates_used: list[RateUsed] = Field(description="Every exchange rate behind the figures")


class CommitmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a10", "kind": "contract",
        "source_id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a11", "amount_minor": 150000, "currency": "EUR",
        "converted_minor": 167580, "fx_rate": "1.1172", "fx_rate_date": "2026-10-30",
        "platform": "instagram", "market": "US", "tier": "micro", "at": "2026-11-02T10:00:00Z"}]})

    id: uuid.UUID
    kind: str
    source_id: uuid.UUID
    amount_minor: int
    currency: str
    converted_minor: int | None = Field(description="In the campaign currency; null while the "
                                        "campaign has no budget")
    fx_rate: StoredRate | None
    fx_rate_date: date | None
    platform: str | None
    market: str | None
    tier: str | None
    at: datetime


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "payment_id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a12", "source_id": None, "amount_minor": 50000,
        "currency": "USD", "status": "paid", "due_on": "2026-11-20", "converted_minor": 50000,
        "fx_rate": "1",
        "fx_rate_date": "2026-11-20", "at": "2026-11-20T09:00:00Z"}]})

    payment_id: uuid.UUID
    source_id: uuid.UUID | None
    amount_minor: int
    currency: str
    status: str
    due_on: date | None = Field(description="When it is due; null while undated or waiting for "
                                "what triggers it (a publication, the completion)")
    converted_minor: int | None
    fx_rate: StoredRate | None
    fx_rate_date: date | None
    at: datetime


CommitmentPage = Page[CommitmentRead]
PaymentPage = Page[PaymentRead]
