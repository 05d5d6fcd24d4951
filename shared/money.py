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


# ISO 4217 minor-unit exponents that differ from 2 (JPY has no minor unit, KWD has three).
_EXPONENTS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def minor_unit_exponent(currency: str) -> int:
    """How many decimal places the currency's minor unit has (ISO 4217): 10 ** exponent minor
    units make one unit. Amounts in minor units of different currencies never compare directly."""
    return _EXPONENTS.get(currency, 2)
