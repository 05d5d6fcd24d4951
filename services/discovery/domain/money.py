"""Money as integer minor units plus an ISO 4217 currency, and rate-card entries."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.discovery.domain.account import MAX_COUNT
from services.discovery.domain.codes import CurrencyCode
from services.discovery.domain.platforms import ContentFormat, Platform


class Money(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    amount_minor: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    currency: CurrencyCode


class RateCardEntry(BaseModel):
    """What the influencer charges for one deliverable of `format` on `platform`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform
    format: ContentFormat
    price: Money
