from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.codes import CurrencyCode
from shared.fx import BASE_CURRENCY
from shared.http.pagination import Page
from shared.money import MinorUnits

MAX_RATES_PER_LOAD = 5_000


class FxRateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "currency": "USD", "rate": "1.0850", "rate_date": "2026-12-04"}]})

    currency: CurrencyCode
    rate: Decimal = Field(gt=0, le=Decimal("1e9"), allow_inf_nan=False, decimal_places=10,
                          description="Units of `currency` for one euro")
    rate_date: date

    @field_validator("currency")
    @classmethod
    def _not_the_base(cls, value: str) -> str:
        if value == BASE_CURRENCY:
            raise ValueError("rates are quoted against EUR; EUR's own rate is always 1")
        return value

    @field_validator("rate_date")
    @classmethod
    def _published(cls, value: date) -> date:
        # A day of slack: it is already tomorrow in some time zones.
        if value > datetime.now(UTC).date() + timedelta(days=1):
            raise ValueError(f"{value} is in the future; rates are published, not forecast")
        return value


class FxRatesLoad(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "rates_source": "Treasury budget rates, Q1 2027",
        "rates": [{"currency": "USD", "rate": "1.0850", "rate_date": "2026-12-04"},
                  {"currency": "GBP", "rate": "0.8421", "rate_date": "2026-12-04"}]}]})

    rates_source: str = Field(min_length=1, max_length=200, description="Where the rates come from")
    rates: list[FxRateIn] = Field(min_length=1, max_length=MAX_RATES_PER_LOAD)

    @model_validator(mode="after")
    def _one_rate_per_currency_and_day(self) -> FxRatesLoad:
        seen: set[tuple[str, date]] = set()
        for rate in self.rates:
            if (rate.currency, rate.rate_date) in seen:
                raise ValueError(f"{rate.currency} on {rate.rate_date} is given twice")
            seen.add((rate.currency, rate.rate_date))
        return self


class FxRatesLoaded(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "base_currency": "EUR", "rates_source": "Treasury budget rates, Q1 2027", "loaded": 2,
        "first_date": "2026-12-04", "last_date": "2026-12-04"}]})

    base_currency: str = BASE_CURRENCY
    rates_source: str
    loaded: int
    first_date: date
    last_date: date


class FxRateRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "currency": "USD", "rate": "1.1172", "rate_date": "2026-10-30", "origin": "reference",
        "source": "ECB euro foreign exchange reference rates"}]})

    currency: str
    rate: Decimal = Field(description="Units of `currency` for one euro")
    rate_date: date
    origin: Literal["workspace", "reference"] = Field(description="The workspace's own rate, or the "
                                                      "reference (ECB) rate every workspace shares")
    source: str


FxRatePage = Page[FxRateRead]


class ConversionRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "amount_minor": 895113, "currency": "EUR", "from_amount_minor": 1000000, "from_currency": "USD",
        "rate": "0.8951038310", "rate_date": "2026-10-30"}]})

    amount_minor: MinorUnits
    currency: str
    from_amount_minor: MinorUnits
    from_currency: str
    rate: Decimal = Field(description="Units of `currency` for one unit of `from_currency` (10 "
                          "significant digits), the cross rate through EUR that was applied")
    rate_date: date = Field(description="Date of the older of the two quotations it rests on")
