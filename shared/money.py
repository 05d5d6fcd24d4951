"""Money as integer minor units plus an ISO 4217 currency (DESIGN §5): never a float."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.codes import CurrencyCode

# PostgreSQL's bigint holds every amount.
MAX_MINOR = 2**63 - 1
MinorUnits = Annotated[int, Field(ge=0, le=MAX_MINOR)]


class Money(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    amount_minor: MinorUnits
    currency: CurrencyCode
